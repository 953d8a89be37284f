import { describe, expect, it } from 'vitest';
import { testRateZones } from '../../../test/helpers/shared-state.ts';
import type { LimitZoneConfig } from '../../../core/config/zones.ts';
import { LimitConfigError } from './config-error.ts';
import type { BucketState } from './leaky-bucket.ts';
import { createRateLimit, type RateDecision, type RateLimit, type RateLimitRuleConfig } from './rate-limit.ts';
import { MemoryLimiterStore, type LimiterStore } from './store.ts';
import { describeDecision, fakeClock, ruleConfig, view, zoneConfig } from '../../../test/helpers/rate-limit-support.ts';
import type { RateZones, RateZonesOptions } from './zones.ts';

const IP = '192.0.2.1';

function setup(zoneList: LimitZoneConfig[], rules: RateLimitRuleConfig[], createStore?: RateZonesOptions['createStore']) {
  const clock = fakeClock();
  const zones = testRateZones({ clock: clock.now, createStore });
  zones.apply(zoneList);
  const limiter = createRateLimit(rules, zones)!;
  return { clock, zones, limiter };
}

function sync(limiter: RateLimit, headers: Record<string, string> = {}): RateDecision {
  const d = limiter.check(view({ headers }));
  if (d instanceof Promise) throw new Error('expected a synchronous decision');
  return d;
}

function excessOf(zones: RateZones, zone: string, key = IP): number | undefined {
  return (zones.get(zone)!.store.get(key) as BucketState | undefined)?.excess;
}

describe('several rules in one location (nginx limit_req_handler)', () => {
  it('a later rule rejecting costs nothing in earlier zones', () => {
    const { zones, limiter } = setup(
      [zoneConfig({ name: 'a' }), zoneConfig({ name: 'b' })],
      [ruleConfig({ zone: 'a', burst: 5, nodelay: true }), ruleConfig({ zone: 'b', burst: 2, nodelay: true, status: 429 })],
    );
    const outcomes = Array.from({ length: 10 }, () => sync(limiter));
    expect(outcomes.map(describeDecision)).toEqual([...Array(3).fill('pass'), ...Array(7).fill('reject 429')]);
    expect(outcomes[3]).toMatchObject({ zone: 'b', limitStatus: 'REJECTED' });
    // Zone a saw only the three requests that were served.
    expect(excessOf(zones, 'a')).toBe(2000);
  });

  it('an earlier rule rejecting stops before later rules are looked up', () => {
    const { zones, limiter } = setup([zoneConfig({ name: 'a' }), zoneConfig({ name: 'b' })], [ruleConfig({ zone: 'a' }), ruleConfig({ zone: 'b', burst: 9, nodelay: true })]);
    for (let i = 0; i < 5; i++) sync(limiter);
    expect(excessOf(zones, 'a')).toBe(0);
    expect(excessOf(zones, 'b')).toBe(0);
  });

  const delayCases: { desc: string; config: { rates: [number, number] }; expected: { ms: number; zone: string } }[] = [
    { desc: 'the strictest delay wins', config: { rates: [10, 5] }, expected: { ms: 400, zone: 'b' } },
    { desc: 'the strictest delay wins when it is the first rule', config: { rates: [5, 10] }, expected: { ms: 400, zone: 'a' } },
    { desc: 'a tie reports the later rule', config: { rates: [10, 10] }, expected: { ms: 200, zone: 'b' } },
  ];
  it.each(delayCases)('$desc', ({ config, expected }) => {
    const { limiter } = setup(
      [zoneConfig({ name: 'a', rate: { count: config.rates[0], per: 'second' } }), zoneConfig({ name: 'b', rate: { count: config.rates[1], per: 'second' } })],
      [ruleConfig({ zone: 'a', burst: 10 }), ruleConfig({ zone: 'b', burst: 10 })],
    );
    sync(limiter);
    sync(limiter);
    expect(sync(limiter)).toEqual({ action: 'delay', ms: expected.ms, limitStatus: 'DELAYED', zone: expected.zone });
  });

  it('skips rules whose key is empty; none applied means no $limit_req_status', () => {
    const { limiter } = setup([zoneConfig({ name: 'k', key: { parts: [{ source: 'header', name: 'x-api-key' }] } })], [ruleConfig({ zone: 'k' })]);
    expect(sync(limiter)).toEqual({ action: 'pass', limitStatus: null, zone: null });
    expect(sync(limiter)).toEqual({ action: 'pass', limitStatus: null, zone: null });
    expect(sync(limiter, { 'x-api-key': 'one' }).limitStatus).toBe('PASSED');
    expect(sync(limiter, { 'x-api-key': 'one' }).action).toBe('reject');
    expect(sync(limiter, { 'x-api-key': 'two' }).limitStatus).toBe('PASSED');
  });
});

describe('dry-run rules beside enforcing ones', () => {
  const cases: { desc: string; config: RateLimitRuleConfig[]; expected: string[] }[] = [
    {
      desc: 'an enforcing reject wins over a dry-run rule',
      config: [ruleConfig({ zone: 'a', dryRun: true, burst: 5, nodelay: true }), ruleConfig({ zone: 'b' })],
      expected: ['pass', 'reject 503', 'reject 503'],
    },
    {
      desc: 'a dry-run reject is reported while the enforcing rule passes',
      config: [ruleConfig({ zone: 'a', burst: 5, nodelay: true }), ruleConfig({ zone: 'b', dryRun: true })],
      expected: ['pass', 'pass REJECTED_DRY_RUN', 'pass REJECTED_DRY_RUN'],
    },
    {
      desc: 'an enforcing delay is applied, the dry-run outcome is not',
      config: [ruleConfig({ zone: 'a', burst: 5 }), ruleConfig({ zone: 'b', dryRun: true })],
      expected: ['pass', 'delay 100', 'delay 200'],
    },
  ];
  it.each(cases)('$desc', ({ config, expected }) => {
    const { limiter } = setup([zoneConfig({ name: 'a' }), zoneConfig({ name: 'b' })], config);
    expect([sync(limiter), sync(limiter), sync(limiter)].map(describeDecision)).toEqual(expected);
  });
});

describe('configuration', () => {
  const zones = testRateZones();
  zones.apply([zoneConfig({ name: 'a' }), zoneConfig({ name: 'c', kind: 'CONNECTION', rate: undefined })]);
  const cases: { desc: string; config: RateLimitRuleConfig[]; expected: RegExp }[] = [
    { desc: 'unknown zone', config: [ruleConfig({ zone: 'nope' })], expected: /unknown request limit zone "nope"/ },
    { desc: 'a CONNECTION zone', config: [ruleConfig({ zone: 'c' })], expected: /unknown request limit zone "c"/ },
    { desc: 'the same zone twice (nginx: "is duplicate")', config: [ruleConfig({ zone: 'a' }), ruleConfig({ zone: 'a', burst: 3 })], expected: /used twice/ },
    { desc: 'a status nginx refuses', config: [ruleConfig({ zone: 'a', status: 302 })], expected: /between 400 and 599/ },
  ];
  it.each(cases)('refuses $desc', ({ config, expected }) => {
    expect(() => createRateLimit(config, zones)).toThrow(LimitConfigError);
    expect(() => createRateLimit(config, zones)).toThrow(expected);
  });

  it('compiles no rules to nothing', () => {
    expect(createRateLimit(undefined, zones)).toBeNull();
    expect(createRateLimit([], zones)).toBeNull();
  });
});

describe('reload', () => {
  it('keeps a zone’s buckets across a reload and applies a new rate at once', () => {
    const { clock, zones, limiter } = setup([zoneConfig({ name: 'a' })], [ruleConfig({ zone: 'a', burst: 20, nodelay: true })]);
    for (let i = 0; i < 5; i++) sync(limiter);
    zones.apply([zoneConfig({ name: 'a', rate: { count: 1, per: 'second' } })]);
    const next = createRateLimit([ruleConfig({ zone: 'a', burst: 20, nodelay: true })], zones)!;
    expect(excessOf(zones, 'a')).toBe(4000);
    clock.advance(1000);
    sync(next);
    // 4000 - 1000 leaked at the new 1r/s + 1000.
    expect(excessOf(zones, 'a')).toBe(4000);
  });

  it('starts a zone afresh when its key changes, and drops removed zones', () => {
    const { zones, limiter } = setup([zoneConfig({ name: 'a' }), zoneConfig({ name: 'b' })], [ruleConfig({ zone: 'a' })]);
    sync(limiter);
    zones.apply([zoneConfig({ name: 'a', key: { parts: [{ source: 'uri' }] } })]);
    expect(zones.get('a')!.store.get(IP)).toBeUndefined();
    expect(zones.get('b')).toBeUndefined();
  });

  it('resizes a memory zone', () => {
    const { zones } = setup([zoneConfig({ name: 'a' })], [ruleConfig({ zone: 'a' })]);
    zones.apply([zoneConfig({ name: 'a', maxEntries: 7 })]);
    expect((zones.get('a')!.store as MemoryLimiterStore<BucketState>).maxEntries).toBe(7);
  });
});

describe('an asynchronous (shared) store', () => {
  class AsyncStore implements LimiterStore<BucketState> {
    inner = new MemoryLimiterStore<BucketState>({ maxEntries: 100 });
    fail = false;
    async get(key: string) {
      if (this.fail) throw new Error('store down');
      // A shared store hands out copies, not its live objects.
      const state = this.inner.get(key);
      return state && { ...state };
    }
    async set(key: string, state: BucketState) {
      this.inner.set(key, { ...state });
    }
  }

  it('gives the same answers as the memory store', async () => {
    const stores: AsyncStore[] = [];
    const { limiter } = setup([zoneConfig({ name: 'a' }), zoneConfig({ name: 'b' })], [ruleConfig({ zone: 'a', burst: 20, nodelay: true, status: 429 }), ruleConfig({ zone: 'b', burst: 25, nodelay: true })], () => {
      const store = new AsyncStore();
      stores.push(store);
      return store;
    });
    const outcomes: string[] = [];
    for (let i = 0; i < 30; i++) outcomes.push(describeDecision(await limiter.check(view())));
    expect(outcomes).toEqual([...Array(21).fill('pass'), ...Array(9).fill('reject 429')]);
    expect(stores[1]!.inner.get(IP)!.excess).toBe(20_000);
  });

  it('lets requests through when the store fails', async () => {
    const stores: AsyncStore[] = [];
    const { limiter } = setup([zoneConfig({ name: 'a' })], [ruleConfig({ zone: 'a' })], () => {
      const store = new AsyncStore();
      store.fail = true;
      stores.push(store);
      return store;
    });
    expect(await limiter.check(view())).toEqual({ action: 'pass', limitStatus: null, zone: null });
    expect(await limiter.check(view())).toEqual({ action: 'pass', limitStatus: null, zone: null });
  });
});
