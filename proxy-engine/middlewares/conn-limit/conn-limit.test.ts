import { describe, expect, it } from 'vitest';
import { testConnZones } from '../../../test/helpers/shared-state.ts';
import type { LimitZoneConfig } from '../../../core/config/zones.ts';
import { LimitConfigError } from '../rate-limit/config-error.ts';
import { view, zoneConfig } from '../../../test/helpers/rate-limit-support.ts';
import { createConnLimit, type ConnDecision, type ConnLimit, type ConnLimitRuleConfig } from './conn-limit.ts';
import { MemoryConnStore, type AcquireResult, type ConnStore } from './store.ts';
import { ConnZones, type ConnZonesOptions } from './zones.ts';
import { attachSharedState, createSharedState } from '../../shared/shared-state.ts';

const IP = '192.0.2.1';
const connZone = (name: string, overrides: Partial<LimitZoneConfig> = {}): LimitZoneConfig => zoneConfig({ name, kind: 'CONNECTION', rate: undefined, ...overrides });
const rule = (overrides: Partial<ConnLimitRuleConfig> & { zone: string; max: number }): ConnLimitRuleConfig => ({ status: 503, dryRun: false, ...overrides });

function setup(zoneList: LimitZoneConfig[], rules: ConnLimitRuleConfig[], createStore?: ConnZonesOptions['createStore']) {
  const zones = testConnZones({ createStore });
  zones.apply(zoneList);
  return { zones, limiter: createConnLimit(rules, zones)! };
}

function acquire(limiter: ConnLimit, headers: Record<string, string> = {}): ConnDecision {
  const d = limiter.acquire(view({ headers }));
  if (d instanceof Promise) throw new Error('expected a synchronous decision');
  return d;
}

const inUse = (zones: ConnZones, zone: string, key = IP): number => (zones.get(zone)!.store as MemoryConnStore).count(key);
const describeDecision = (d: ConnDecision): string => (d.action === 'reject' ? `reject ${d.status} ${d.zone}` : `pass ${d.limitStatus}`);

describe('limit_conn scenarios', () => {
  const cases: { desc: string; config: { zones: LimitZoneConfig[]; rules: ConnLimitRuleConfig[]; requests: number }; expected: { outcomes: string[]; held: Record<string, number> } }[] = [
    {
      desc: 'max=2: the third request in progress is refused',
      config: { zones: [connZone('c')], rules: [rule({ zone: 'c', max: 2, status: 429 })], requests: 3 },
      expected: { outcomes: ['pass PASSED', 'pass PASSED', 'reject 429 c'], held: { c: 2 } },
    },
    {
      desc: 'two rules: a refusal by the second gives back the first one’s slot',
      config: { zones: [connZone('a'), connZone('b')], rules: [rule({ zone: 'a', max: 5 }), rule({ zone: 'b', max: 1 })], requests: 3 },
      expected: { outcomes: ['pass PASSED', 'reject 503 b', 'reject 503 b'], held: { a: 1, b: 1 } },
    },
    {
      desc: 'dry run: nothing refused, and a would-be refusal holds no slot',
      config: { zones: [connZone('c')], rules: [rule({ zone: 'c', max: 1, dryRun: true })], requests: 3 },
      expected: { outcomes: ['pass PASSED', 'pass REJECTED_DRY_RUN', 'pass REJECTED_DRY_RUN'], held: { c: 1 } },
    },
    {
      desc: 'enforcing and dry-run rules: the dry-run refusal keeps the enforcing slot',
      config: { zones: [connZone('a'), connZone('b')], rules: [rule({ zone: 'a', max: 5 }), rule({ zone: 'b', max: 1, dryRun: true })], requests: 3 },
      expected: { outcomes: ['pass PASSED', 'pass REJECTED_DRY_RUN', 'pass REJECTED_DRY_RUN'], held: { a: 3, b: 1 } },
    },
  ];
  it.each(cases)('$desc', ({ config, expected }) => {
    const { zones, limiter } = setup(config.zones, config.rules);
    const decisions = Array.from({ length: config.requests }, () => acquire(limiter));
    expect(decisions.map(describeDecision)).toEqual(expected.outcomes);
    for (const [zone, count] of Object.entries(expected.held)) expect(inUse(zones, zone)).toBe(count);
    for (const d of decisions) if (d.action === 'pass') d.release();
    for (const zone of Object.keys(expected.held)) expect(inUse(zones, zone)).toBe(0);
  });

  it('refuses a new key when the zone is full, and takes it once a key is free', () => {
    const { zones, limiter } = setup([connZone('c', { maxEntries: 1, key: { parts: [{ source: 'header', name: 'x-user' }] } })], [rule({ zone: 'c', max: 9 })]);
    const first = acquire(limiter, { 'x-user': 'ann' });
    expect(describeDecision(acquire(limiter, { 'x-user': 'bob' }))).toBe('reject 503 c');
    if (first.action === 'pass') first.release();
    expect(describeDecision(acquire(limiter, { 'x-user': 'bob' }))).toBe('pass PASSED');
    expect((zones.get('c')!.store as MemoryConnStore).size).toBe(1);
  });

  it('releases exactly once however often release is called', () => {
    const { zones, limiter } = setup([connZone('c')], [rule({ zone: 'c', max: 3 })]);
    const a = acquire(limiter);
    const b = acquire(limiter);
    if (a.action !== 'pass' || b.action !== 'pass') throw new Error('expected passes');
    a.release();
    a.release();
    a.release();
    expect(inUse(zones, 'c')).toBe(1);
    b.release();
    expect(inUse(zones, 'c')).toBe(0);
  });

  it('does not limit requests whose key is empty or over 255 bytes', () => {
    const { limiter } = setup([connZone('c', { key: { parts: [{ source: 'header', name: 'x-user' }] } })], [rule({ zone: 'c', max: 1 })]);
    expect(describeDecision(acquire(limiter))).toBe('pass null');
    expect(describeDecision(acquire(limiter))).toBe('pass null');
    const long = { 'x-user': 'u'.repeat(256) };
    expect(describeDecision(acquire(limiter, long))).toBe('pass null');
    expect(describeDecision(acquire(limiter, long))).toBe('pass null');
  });
});

describe('configuration and reload', () => {
  it('refuses unknown, duplicate and REQUEST zones and bad statuses', () => {
    const zones = testConnZones();
    zones.apply([connZone('c'), zoneConfig({ name: 'r' })]);
    expect(() => createConnLimit([rule({ zone: 'r', max: 1 })], zones)).toThrow(LimitConfigError);
    expect(() => createConnLimit([rule({ zone: 'c', max: 1 }), rule({ zone: 'c', max: 2 })], zones)).toThrow(/used twice/);
    expect(() => createConnLimit([rule({ zone: 'c', max: 1, status: 200 })], zones)).toThrow(/between 400 and 599/);
    expect(createConnLimit([], zones)).toBeNull();
  });

  it('keeps counts across a reload so old requests release into the same zone', () => {
    // The in-memory store resizes in place; a shared-memory zone keeps its counts only
    // while its size is unchanged (the next test), as nginx's zones.
    const zones = new ConnZones();
    zones.apply([connZone('c')]);
    const limiter = createConnLimit([rule({ zone: 'c', max: 1 })], zones)!;
    const held = acquire(limiter);
    zones.apply([connZone('c', { maxEntries: 10 })]);
    const next = createConnLimit([rule({ zone: 'c', max: 1 })], zones)!;
    expect(acquire(next).action).toBe('reject');
    if (held.action === 'pass') held.release();
    expect(acquire(next).action).toBe('pass');
  });

  it('in shared memory, keeps counts across a reload of the same size and starts a resized zone afresh', () => {
    const zones = attachSharedState(createSharedState({ bytes: 1 << 20, maxServers: 16 })).connZones;
    zones.apply([connZone('c', { maxEntries: 100 })]);
    const held = acquire(createConnLimit([rule({ zone: 'c', max: 1 })], zones)!);
    zones.apply([connZone('c', { maxEntries: 100 }), connZone('d', { maxEntries: 100 })]);
    expect(acquire(createConnLimit([rule({ zone: 'c', max: 1 })], zones)!).action).toBe('reject');
    zones.apply([connZone('c', { maxEntries: 200 })]);
    expect(acquire(createConnLimit([rule({ zone: 'c', max: 1 })], zones)!).action).toBe('pass');
    if (held.action === 'pass') held.release();
  });
});

describe('an asynchronous (shared) store', () => {
  class AsyncStore implements ConnStore {
    inner = new MemoryConnStore({ maxEntries: 100 });
    fail = false;
    async acquire(key: string, max: number): Promise<AcquireResult> {
      if (this.fail) throw new Error('store down');
      return this.inner.acquire(key, max);
    }
    async release(key: string): Promise<void> {
      this.inner.release(key);
    }
  }

  it('counts, refuses and releases through promises', async () => {
    const stores: AsyncStore[] = [];
    const { limiter } = setup([connZone('a'), connZone('b')], [rule({ zone: 'a', max: 5 }), rule({ zone: 'b', max: 1 })], () => {
      const store = new AsyncStore();
      stores.push(store);
      return store;
    });
    const first = await limiter.acquire(view());
    const second = await limiter.acquire(view());
    expect([first, second].map(describeDecision)).toEqual(['pass PASSED', 'reject 503 b']);
    await Promise.resolve();
    expect(stores[0]!.inner.count(IP)).toBe(1);
    if (first.action === 'pass') first.release();
    await Promise.resolve();
    expect(stores.map((s) => s.inner.count(IP))).toEqual([0, 0]);
  });

  it('lets requests through when the store fails', async () => {
    const { limiter } = setup([connZone('a')], [rule({ zone: 'a', max: 1 })], () => Object.assign(new AsyncStore(), { fail: true }));
    expect(describeDecision(await limiter.acquire(view()))).toBe('pass null');
  });
});
