import { describe, expect, it } from 'vitest';
import { bucketLimit, delayFor, elapsedMs, evaluate, excessFor, isDrained, rateMilli, type BucketState, type RuleCheck } from './leaky-bucket.ts';
import { createRateLimit, type RateLimitRuleConfig } from './rate-limit.ts';
import { describeDecision, fakeClock, ruleConfig, view, zoneConfig } from '../../../test/helpers/rate-limit-support.ts';
import { RateZones } from './zones.ts';

describe('rateMilli', () => {
  const cases: { desc: string; config: { count: number; per: 'second' | 'minute' }; expected: number }[] = [
    { desc: '10r/s', config: { count: 10, per: 'second' }, expected: 10_000 },
    { desc: '1r/m truncates as nginx (1000/60)', config: { count: 1, per: 'minute' }, expected: 16 },
    { desc: '30r/m', config: { count: 30, per: 'minute' }, expected: 500 },
    { desc: '100r/m truncates', config: { count: 100, per: 'minute' }, expected: 1666 },
  ];
  it.each(cases)('$desc', ({ config, expected }) => expect(rateMilli(config)).toBe(expected));
});

describe('bucket arithmetic', () => {
  const cases: { desc: string; config: { state: BucketState | undefined; rate: number; now: number }; expected: number }[] = [
    { desc: 'a new key starts at 0 (its first request is free)', config: { state: undefined, rate: 10_000, now: 5 }, expected: 0 },
    { desc: 'no time passed adds one request', config: { state: { excess: 0, last: 100 }, rate: 10_000, now: 100 }, expected: 1000 },
    { desc: 'leak of 10r/s over 50 ms is 500', config: { state: { excess: 3000, last: 100 }, rate: 10_000, now: 150 }, expected: 3500 },
    { desc: 'fully drained clamps at 0 before the +1000', config: { state: { excess: 500, last: 0 }, rate: 10_000, now: 10_000 }, expected: 0 },
    { desc: 'leak truncates: 1r/m (16) over 62 ms leaks 0', config: { state: { excess: 2000, last: 0 }, rate: 16, now: 62 }, expected: 3000 },
    { desc: 'leak truncates: 1r/m (16) over 63 ms leaks 1', config: { state: { excess: 2000, last: 0 }, rate: 16, now: 63 }, expected: 2999 },
    { desc: 'clock 10 ms back counts as no time', config: { state: { excess: 2000, last: 100 }, rate: 10_000, now: 90 }, expected: 3000 },
    { desc: 'clock over a minute back counts as 1 ms', config: { state: { excess: 2000, last: 100_000 }, rate: 10_000, now: 30_000 }, expected: 2990 },
  ];
  it.each(cases)('$desc', ({ config, expected }) => expect(excessFor(config.state, config.rate, config.now)).toBe(expected));

  it('clamps elapsed time as nginx', () => {
    expect(elapsedMs(100, 40)).toBe(60);
    expect(elapsedMs(100, 150)).toBe(0);
    expect(elapsedMs(0, 60_001)).toBe(1);
  });

  it('computes delay as (excess - delay) * 1000 / rate, truncated', () => {
    expect(delayFor(1000, bucketLimit(10_000, { burst: 5, nodelay: false, delay: 0 }))).toBe(100);
    expect(delayFor(3000, bucketLimit(10_000, { burst: 6, nodelay: false, delay: 2 }))).toBe(100);
    expect(delayFor(2000, bucketLimit(10_000, { burst: 6, nodelay: false, delay: 2 }))).toBe(0);
    expect(delayFor(1000, bucketLimit(16, { burst: 5, nodelay: false, delay: 0 }))).toBe(62_500);
    expect(delayFor(20_000, bucketLimit(10_000, { burst: 20, nodelay: true, delay: 0 }))).toBe(0);
  });

  it('moves last only when time passed, and keeps the truncated leak lost', () => {
    const limit = bucketLimit(16, { burst: 10, nodelay: true, delay: 0 });
    const check: RuleCheck = { limit, state: { excess: 1000, last: 0 }, skip: false, excess: 0 };
    expect(evaluate([check], 50)).toEqual({ kind: 'pass', delayMs: 0, rule: -1 });
    // 50 ms at 16 milli-r/s leaks 0.8, truncated to 0, yet last moved: nginx loses it.
    expect(check.state).toEqual({ excess: 2000, last: 50 });
    const again: RuleCheck = { limit, state: check.state, skip: false, excess: 0 };
    evaluate([again], 50);
    expect(again.state).toEqual({ excess: 3000, last: 50 });
  });

  it('drops idle entries only after a minute and once drained', () => {
    expect(isDrained({ excess: 0, last: 0 }, 10_000, 59_999)).toBe(false);
    expect(isDrained({ excess: 0, last: 0 }, 10_000, 60_000)).toBe(true);
    expect(isDrained({ excess: 5_000_000, last: 0 }, 16, 120_000)).toBe(false);
  });
});

interface Scenario {
  desc: string;
  config: { rate: { count: number; per: 'second' | 'minute' }; rule: Partial<RateLimitRuleConfig>; arrivals: number[] };
  expected: string[];
}

const burst20 = { burst: 20, nodelay: true, status: 429 };
const t0 = 1_000_000;
const at = (n: number, t = 0, step = 0): number[] => Array.from({ length: n }, (_, i) => t0 + t + i * step);

// Each row is an nginx scenario with the outcome nginx gives (see nginx-oracle.test.ts
// for the ones replayed against a real nginx).
const scenarios: Scenario[] = [
  {
    desc: '10r/s burst=20 nodelay, 30 rapid requests from a new client: 21 × 200, 9 × 429',
    config: { rate: { count: 10, per: 'second' }, rule: burst20, arrivals: at(30) },
    expected: [...Array(21).fill('pass'), ...Array(9).fill('reject 429')],
  },
  {
    desc: 'the same from a client seen long ago: 21 × 200 too (a drained bucket restarts at 0)',
    config: { rate: { count: 10, per: 'second' }, rule: burst20, arrivals: [t0 - 3_600_000, ...at(30)] },
    expected: ['pass', ...Array(21).fill('pass'), ...Array(9).fill('reject 429')],
  },
  {
    desc: 'a client half drained: 10 served after 20 at once and 1 s of rest',
    config: { rate: { count: 10, per: 'second' }, rule: burst20, arrivals: [...at(21), ...at(12, 1000)] },
    // 20,000 - 10,000 leaked + 1000 = 11,000 for the first of the second wave.
    expected: [...Array(21).fill('pass'), ...Array(10).fill('pass'), 'reject 429', 'reject 429'],
  },
  {
    desc: '10r/s burst=20 nodelay, one request every 10 ms: rejected requests do not move last',
    config: { rate: { count: 10, per: 'second' }, rule: burst20, arrivals: at(30, 0, 10) },
    // excess grows 900 per request up to 19,800 (23 served), then stays above 20,000
    // because a rejected request does not update the bucket.
    expected: [...Array(23).fill('pass'), ...Array(7).fill('reject 429')],
  },
  {
    desc: '60r/m burst=2 nodelay: 3 served at once, one more a second later',
    config: { rate: { count: 60, per: 'minute' }, rule: { burst: 2, nodelay: true }, arrivals: [...at(5), t0 + 1000, t0 + 1000] },
    expected: ['pass', 'pass', 'pass', 'reject 503', 'reject 503', 'pass', 'reject 503'],
  },
  {
    desc: '1r/m: the next request passes after 62.5 s, not 60 s (rate truncated to 16)',
    config: { rate: { count: 1, per: 'minute' }, rule: {}, arrivals: [t0, t0 + 60_000, t0 + 62_499, t0 + 62_500] },
    expected: ['pass', 'reject 503', 'reject 503', 'pass'],
  },
  {
    desc: '10r/s burst=5 (no nodelay): served requests are spaced 100 ms apart',
    config: { rate: { count: 10, per: 'second' }, rule: { burst: 5 }, arrivals: at(8) },
    expected: ['pass', 'delay 100', 'delay 200', 'delay 300', 'delay 400', 'delay 500', 'reject 503', 'reject 503'],
  },
  {
    desc: '10r/s burst=6 delay=2: three at once, then delayed, then rejected',
    config: { rate: { count: 10, per: 'second' }, rule: { burst: 6, delay: 2 }, arrivals: at(8) },
    expected: ['pass', 'pass', 'pass', 'delay 100', 'delay 200', 'delay 300', 'delay 400', 'reject 503'],
  },
  {
    desc: 'burst=0: one request per 100 ms at 10r/s',
    config: { rate: { count: 10, per: 'second' }, rule: {}, arrivals: [t0, t0 + 50, t0 + 99, t0 + 100, t0 + 150] },
    expected: ['pass', 'reject 503', 'reject 503', 'pass', 'reject 503'],
  },
  {
    desc: 'dry run: would-be rejects pass and cost nothing',
    config: { rate: { count: 10, per: 'second' }, rule: { dryRun: true }, arrivals: [t0, t0, t0, t0 + 100, t0 + 100] },
    expected: ['pass', 'pass REJECTED_DRY_RUN', 'pass REJECTED_DRY_RUN', 'pass', 'pass REJECTED_DRY_RUN'],
  },
  {
    desc: 'dry run with burst: would-be delays pass and are accounted',
    config: { rate: { count: 10, per: 'second' }, rule: { burst: 2, dryRun: true }, arrivals: at(4) },
    expected: ['pass', 'pass DELAYED_DRY_RUN', 'pass DELAYED_DRY_RUN', 'pass REJECTED_DRY_RUN'],
  },
];

describe('nginx scenarios', () => {
  it.each(scenarios)('$desc', ({ config, expected }) => {
    const clock = fakeClock();
    const zones = new RateZones({ clock: clock.now });
    zones.apply([zoneConfig({ name: 'z', rate: config.rate })]);
    const limiter = createRateLimit([ruleConfig({ zone: 'z', ...config.rule })], zones)!;
    const outcomes = config.arrivals.map((t) => {
      clock.set(t);
      const decision = limiter.check(view());
      if (decision instanceof Promise) throw new Error('the memory store must answer synchronously');
      return describeDecision(decision);
    });
    expect(outcomes).toEqual(expected);
  });
});
