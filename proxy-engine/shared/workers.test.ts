// Shared zones used by real worker threads at once: exact as one thread, bounded, and not
// wedged by a thread that dies.
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { LimitZoneConfig } from '../../core/config/zones.ts';
import { RateZones } from '../middlewares/rate-limit/zones.ts';
import { createRateLimit, type RateLimitRuleConfig } from '../middlewares/rate-limit/rate-limit.ts';
import { ruleConfig, view, zoneConfig } from '../../test/helpers/rate-limit-support.ts';
import type { SharedLimiterStore } from './rate-store.ts';
import { attachSharedState, createSharedState, releaseSharedThread, sharedMemoryUsage, type SharedStateHandles } from './shared-state.ts';
import type { ZoneCommand, ZoneWorkerData } from './fixtures/zone-worker.ts';

const START = 1_000_000;

interface Thread {
  worker: Worker;
  ask<T>(command: ZoneCommand): Promise<T>;
}

const started: Worker[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((w) => w.terminate()));
});

function sharedClock(): { buffer: SharedArrayBuffer; set(ms: number): void; now(): number } {
  // The clock, then the barrier count of the 'requests' command.
  const buffer = new SharedArrayBuffer(16);
  const view = new Float64Array(buffer, 0, 1);
  view[0] = START;
  return { buffer, set: (ms) => void (view[0] = ms), now: () => view[0]! };
}

async function startThread(data: ZoneWorkerData): Promise<Thread> {
  const worker = new Worker(new URL('./fixtures/zone-worker.ts', import.meta.url), { workerData: data });
  started.push(worker);
  const pending: ((value: unknown) => void)[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', () => resolve());
  });
  await ready;
  worker.on('message', (value) => pending.shift()?.(value));
  return {
    worker,
    ask: <T>(command: ZoneCommand) =>
      new Promise<T>((resolve) => {
        pending.push(resolve as (value: unknown) => void);
        worker.postMessage(command);
      }),
  };
}

async function threads(count: number, data: ZoneWorkerData): Promise<Thread[]> {
  return Promise.all(Array.from({ length: count }, () => startThread(data)));
}

/** Resolves with the thread's next message (what a command posts before it loops forever). */
function nextMessage(thread: Thread): Promise<unknown> {
  return new Promise((resolve) => thread.worker.once('message', resolve));
}

describe('limit_req shared by worker threads', () => {
  const cases: { desc: string; rate: number; burst: number; nodelay: boolean; schedule: number[]; perThread: number; keys: number }[] = [
    {
      desc: '10 r/s burst 5, irregular steps (the bucket leaks by whole and partial requests between bursts)',
      rate: 10,
      burst: 5,
      nodelay: false,
      schedule: [0, 0, 37, 100, 250, 251, 900, 1000, 1040, 1500, 2600, 2610, 2700, 4000, ...Array.from({ length: 24 }, (_, i) => 4000 + 123 * (i + 1))],
      perThread: 400,
      keys: 4,
    },
    {
      // One request per key becomes admissible each step, and both threads reach for it at once.
      desc: '1000 r/s burst 0 nodelay, a step per millisecond',
      rate: 1000,
      burst: 0,
      nodelay: true,
      schedule: Array.from({ length: 300 }, (_, i) => i),
      perThread: 8,
      keys: 2,
    },
  ];

  it.each(cases)('$desc: 2 threads admit exactly what one thread admits on the same schedule', async ({ rate, burst, nodelay, schedule, perThread, keys }) => {
    const zones = [zoneConfig({ name: 'zone', rate: { count: rate, per: 'second' }, maxEntries: 1000 })];
    const rules = [ruleConfig({ zone: 'zone', burst, nodelay })];
    const clock = sharedClock();
    const handles = createSharedState({ bytes: 8 << 20 });
    const pair = await threads(2, { handles, clock: clock.buffer, zones, rules });

    const admittedShared: number[][] = [];
    for (const [step, at] of schedule.entries()) {
      clock.set(START + at);
      // Both threads start their callers together (a barrier) against the same buckets.
      const answers = await Promise.all(pair.map((t) => t.ask<number[]>({ cmd: 'requests', count: perThread, keys, barrier: 2 * (step + 1) })));
      admittedShared.push(answers[0]!.map((n, key) => n + answers[1]![key]!));
    }

    // The same schedule through one thread and the in-memory store.
    let now = START;
    const single = new RateZones({ clock: () => now });
    single.apply(zones);
    const limiter = createRateLimit(rules, single)!;
    const admittedSingle: number[][] = [];
    for (const at of schedule) {
      now = START + at;
      const admitted = new Array<number>(keys).fill(0);
      for (let i = 0; i < 2 * perThread; i++) {
        const decision = limiter.check(view({ clientIp: `192.0.2.${i % keys}` }));
        if ((decision as { action: string }).action !== 'reject') admitted[i % keys]!++;
      }
      admittedSingle.push(admitted);
    }

    expect(admittedShared).toEqual(admittedSingle);
    // Not a vacuous comparison: requests were refused, and the leak let some through later.
    const total = admittedSingle.flat().reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(schedule.length * keys);
    expect(total).toBeLessThan(schedule.length * keys * 2 * perThread);
  });

  it('a zone of N entries never holds more than N while 2 threads add keys (eviction under concurrency)', async () => {
    const clock = sharedClock();
    const handles = createSharedState({ bytes: 8 << 20 });
    const small = [zoneConfig({ name: 'small', maxEntries: 500 })];
    const before = sharedMemoryUsage(handles).usedBytes;
    const pair = await threads(2, { handles, clock: clock.buffer, zones: small });
    const largest = await Promise.all(pair.map((t, i) => t.ask<number>({ cmd: 'fill', zone: 'small', keys: 20_000, prefix: `t${i}-` })));
    expect(Math.max(...largest)).toBe(500);

    const main = attachSharedState(handles, { clock: clock.now });
    main.rateZones.apply(small);
    const store = main.rateZones.get('small')!.store as SharedLimiterStore;
    expect(store.size).toBe(500);
    // Still a working table: a key added now is found, and the zone stays at its size.
    store.set('after', { excess: 2000, last: START });
    expect(store.get('after')).toEqual({ excess: 2000, last: START });
    expect(store.size).toBe(500);
    // One zone's memory for three threads, however many keys went through.
    expect(sharedMemoryUsage(handles).usedBytes - before).toBeLessThan(500 * 2 * 104);
  });
});

describe('limit_conn shared by worker threads', () => {
  const zones: LimitZoneConfig[] = [{ ...zoneConfig({ name: 'conn', kind: 'CONNECTION', maxEntries: 1000 }), rate: undefined }];

  it('2 threads acquiring at once get exactly max slots between them', async () => {
    const clock = sharedClock();
    const handles = createSharedState({ bytes: 8 << 20 });
    const pair = await threads(2, { handles, clock: clock.buffer, zones });
    const ok = await Promise.all(pair.map((t) => t.ask<number>({ cmd: 'acquire', zone: 'conn', key: 'k', max: 7, times: 5_000 })));
    expect(ok[0]! + ok[1]!).toBe(7);
  });

  it('the count of a key never passes max while 2 threads acquire and release', async () => {
    const clock = sharedClock();
    const handles = createSharedState({ bytes: 8 << 20 });
    const pair = await threads(2, { handles, clock: clock.buffer, zones });
    const highest = await Promise.all(pair.map((t) => t.ask<number>({ cmd: 'churn', zone: 'conn', key: 'k', max: 3, rounds: 50_000 })));
    expect(Math.max(...highest)).toBeLessThanOrEqual(3);
    const main = attachSharedState(handles);
    main.connZones.apply(zones);
    const store = main.connZones.get('conn')!.store as unknown as { size: number; count(key: string): number };
    expect(store.count('k')).toBe(0);
    expect(store.size).toBe(0);
  });
});

describe('upstream server state shared by worker threads', () => {
  it('max_fails=3 counts failures from every thread: 2 on one and 1 on another mark the server down for all', async () => {
    const clock = sharedClock();
    const handles = createSharedState({ bytes: 1 << 20 });
    const pool = { name: 'app', servers: [{ address: '10.0.0.1:80', maxFails: 3, failTimeoutMs: 10_000 }, { address: '10.0.0.2:80', maxFails: 3, failTimeoutMs: 10_000 }] };
    const [first, second] = await threads(2, { handles, clock: clock.buffer, zones: [], pool });
    const one = await first!.ask<{ failed: number }>({ cmd: 'fail', address: '10.0.0.1:80', times: 2, attempts: 20 });
    expect(one.failed).toBe(2);
    // The second thread reaches max_fails with one failure of its own, then never picks it.
    const two = await second!.ask<{ failed: number; seen: number }>({ cmd: 'fail', address: '10.0.0.1:80', times: 2, attempts: 20 });
    expect(two).toMatchObject({ failed: 1, seen: 1 });
    for (const thread of [first!, second!]) expect(await thread.ask<string[]>({ cmd: 'picks', count: 10 })).toEqual(Array(10).fill('10.0.0.2:80'));

    // The main thread sees the same state; the transition was reported once, by the thread that made it.
    const main = attachSharedState(handles);
    expect(main.registry.get('pool-1', '10.0.0.1:80')).toMatchObject({ fails: 3, passiveDown: true });
    const events = await Promise.all([first!, second!].map((t) => t.ask<{ healthEvents: number }>({ cmd: 'fail', address: 'none', times: 0, attempts: 0 })));
    expect(events.map((e) => e.healthEvents)).toEqual([0, 1]);

    // After fail_timeout the server is tried again, by one pick in all.
    clock.set(START + 10_001);
    const picks = await Promise.all([first!, second!].map((t) => t.ask<string[]>({ cmd: 'picks', count: 2 })));
    expect(picks.flat().filter((a) => a === '10.0.0.1:80').length).toBeGreaterThanOrEqual(1);
  });
});

describe('a thread that dies cannot wedge a zone', () => {
  const zones: LimitZoneConfig[] = [zoneConfig({ name: 'ten', maxEntries: 1000 })];
  const rules: RateLimitRuleConfig[] = [ruleConfig({ zone: 'ten', burst: 5 })];

  function mainLimiter(handles: SharedStateHandles, clock: () => number) {
    const main = attachSharedState(handles, { clock });
    main.rateZones.apply(zones);
    return { limiter: createRateLimit(rules, main.rateZones)!, store: main.rateZones.get('ten')!.store as SharedLimiterStore };
  }

  it('terminated while holding the lock: the lock is freed when its exit is seen', async () => {
    const clock = sharedClock();
    const handles = createSharedState({ bytes: 1 << 20 });
    const [thread] = await threads(1, { handles, clock: clock.buffer, zones, rules });
    const holding = nextMessage(thread!);
    thread!.worker.postMessage({ cmd: 'hold-lock', zone: 'ten' } satisfies ZoneCommand);
    await holding;
    const { limiter, store } = mainLimiter(handles, clock.now);
    // terminate() stops the thread inside its critical section, lock held.
    const id = thread!.worker.threadId;
    expect(store.lockHolder).toBe(id + 1);
    const exited = new Promise<void>((resolve) => thread!.worker.once('exit', () => resolve()));
    await thread!.worker.terminate();
    await exited;
    expect(store.lockHolder).toBe(id + 1);
    releaseSharedThread(handles, id);
    expect(store.lockHolder).toBe(0);
    // Without the release this call would wait forever.
    expect(limiter.check(view())).toMatchObject({ action: 'pass' });
  });

  it('terminated at any point of a busy loop of checks: the zone keeps working and stays exact', async () => {
    const clock = sharedClock();
    const handles = createSharedState({ bytes: 1 << 20 });
    for (let round = 0; round < 5; round++) {
      const [thread] = await threads(1, { handles, clock: clock.buffer, zones, rules });
      const busy = nextMessage(thread!);
      thread!.worker.postMessage({ cmd: 'busy', keys: 8 } satisfies ZoneCommand);
      await busy;
      await new Promise((resolve) => setTimeout(resolve, 5 + round * 3));
      const id = thread!.worker.threadId;
      await thread!.worker.terminate();
      releaseSharedThread(handles, id);
    }
    const { limiter, store } = mainLimiter(handles, clock.now);
    expect(store.lockHolder).toBe(0);
    // A fresh key in the same zone behaves as nginx's: burst 5 → 6 admitted at one instant.
    const decisions = Array.from({ length: 10 }, () => limiter.check(view({ clientIp: '198.51.100.7' })) as { action: string });
    expect(decisions.filter((d) => d.action !== 'reject').length).toBe(6);
  });
});
