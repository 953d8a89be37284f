// The lease decides between contenders on one database: one holder at a time, renewals by
// the holder, a takeover only after expiry, and a released lease free at once. Two Prisma
// clients stand for two instances.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataDir } from '../../test/helpers/data-dir.ts';
import { openDb, type Db } from './client.ts';
import { acquireLease, leaseHolder, releaseLease } from './lease.ts';

let data: Awaited<ReturnType<typeof createDataDir>>;
let a: Db;
let b: Db;
const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));

beforeAll(async () => {
  data = await createDataDir('portico-lease-');
  [a, b] = await Promise.all([openDb(data.dir), openDb(data.dir)]);
});

afterAll(async () => {
  await Promise.all([a.$disconnect(), b.$disconnect()]);
  data.cleanup();
});

describe('database lease', () => {
  // One sequence of steps over one lease (ttl 10 s); each step says who tries at which second and what it gets.
  const steps: { desc: string; db: 'a' | 'b'; holder: string; at: number; expected: boolean }[] = [
    { desc: 'the first contender takes a lease nobody held', db: 'a', holder: 'one', at: 0, expected: true },
    { desc: 'a second contender is refused while it is valid', db: 'b', holder: 'two', at: 5, expected: false },
    { desc: 'the holder renews it', db: 'a', holder: 'one', at: 8, expected: true },
    { desc: 'the renewal moved the expiry: still refused after the first term', db: 'b', holder: 'two', at: 15, expected: false },
    { desc: 'expired (no renewal), it is taken over', db: 'b', holder: 'two', at: 19, expected: true },
    { desc: 'the old holder, back, is refused', db: 'a', holder: 'one', at: 20, expected: false },
  ];
  it.each(steps)('$desc', async ({ db, holder, at, expected }) => {
    expect(await acquireLease(db === 'a' ? a : b, 'steps', holder, 10_000, t(at))).toBe(expected);
    if (expected) expect((await leaseHolder(a, 'steps'))?.holder).toBe(holder);
  });

  it('lets exactly one of many simultaneous contenders take a free lease', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => acquireLease(i % 2 ? a : b, 'race', `c${i}`, 10_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('is free at once when its holder releases it', async () => {
    expect(await acquireLease(a, 'release', 'one', 60_000)).toBe(true);
    expect(await acquireLease(b, 'release', 'two', 60_000)).toBe(false);
    await releaseLease(a, 'release', 'one');
    expect(await acquireLease(b, 'release', 'two', 60_000)).toBe(true);
  });
});
