// The sign-in lock holds when several dashboards share one database: three connections to
// one SQLite file stand for three dashboards, and 150 reservations race through them.
// However they interleave, no more attempts are let through than the lock allows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS_FREE_FAILURES, ACCOUNT_FREE_FAILURES, recordSuccess, reserveAttempt } from '../../app/_lib/auth/login-throttle.ts';
import { openDb, type Db } from '../../core/db/client.ts';
import { createDataDir } from '../helpers/data-dir.ts';

let data: { dir: string; cleanup(): void };
let dashboards: Db[];

beforeAll(async () => {
  data = await createDataDir('portico-throttle-');
  dashboards = await Promise.all([openDb(data.dir), openDb(data.dir), openDb(data.dir)]);
});

afterAll(async () => {
  await Promise.all((dashboards ?? []).map((db) => db.$disconnect()));
  data?.cleanup();
});

async function newUser(email: string): Promise<string> {
  return (await dashboards[0]!.user.create({ data: { email, passwordHash: 'x' } })).id;
}

/** Runs one reservation per address, spread over the dashboards; how many were let through. */
async function race(userId: string, addresses: string[]): Promise<{ allowed: number; refused: number }> {
  const results = await Promise.allSettled(addresses.map((address, i) => reserveAttempt(dashboards[i % dashboards.length]!, userId, address)));
  const refused = results.filter((r) => r.status === 'rejected');
  for (const r of refused) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'too_many_requests' });
  return { allowed: results.length - refused.length, refused: refused.length };
}

describe('sign-in reservations across dashboards', () => {
  it(`lets ${ADDRESS_FREE_FAILURES} of 150 parallel attempts from one address through`, async () => {
    const id = await newUser('one@example.com');
    expect(await race(id, Array(150).fill('198.51.100.1'))).toEqual({ allowed: ADDRESS_FREE_FAILURES, refused: 145 });
    const row = await dashboards[1]!.loginThrottle.findUnique({ where: { userId_address: { userId: id, address: '198.51.100.1' } } });
    expect(row?.failures).toBe(ADDRESS_FREE_FAILURES);
    expect(row?.lockedUntil?.getTime()).toBeGreaterThan(Date.now());
    // The account itself is not locked by one address.
    expect((await dashboards[2]!.user.findUniqueOrThrow({ where: { id } })).lockedUntil).toBeNull();
  });

  it(`lets ${ACCOUNT_FREE_FAILURES} of 150 parallel attempts from 150 addresses through, then locks the account`, async () => {
    const id = await newUser('many@example.com');
    const addresses = Array.from({ length: 150 }, (_, i) => `198.51.${100 + Math.floor(i / 250)}.${(i % 250) + 1}`);
    expect(await race(id, addresses)).toEqual({ allowed: ACCOUNT_FREE_FAILURES, refused: 130 });
    const user = await dashboards[0]!.user.findUniqueOrThrow({ where: { id } });
    expect(user.failedLogins).toBe(ACCOUNT_FREE_FAILURES);
    expect(user.lockedUntil?.getTime()).toBeGreaterThan(Date.now());
    // A fresh address is refused too, before anything is counted for it.
    await expect(reserveAttempt(dashboards[1]!, id, '203.0.113.1')).rejects.toMatchObject({ code: 'too_many_requests' });
    expect(await dashboards[1]!.loginThrottle.count({ where: { userId: id, address: '203.0.113.1' } })).toBe(0);
  });

  it('counts only the first 5 failures of each address for the account', async () => {
    const id = await newUser('patient@example.com');
    // Three addresses, each past its own lock once expired: their later failures stay theirs.
    for (const address of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) {
      await race(id, Array(ADDRESS_FREE_FAILURES).fill(address));
      await dashboards[0]!.loginThrottle.update({ where: { userId_address: { userId: id, address } }, data: { lockedUntil: new Date(Date.now() - 1000) } });
      await reserveAttempt(dashboards[1]!, id, address);
    }
    const user = await dashboards[0]!.user.findUniqueOrThrow({ where: { id } });
    expect(user.failedLogins).toBe(3 * ADDRESS_FREE_FAILURES);
    expect(user.lockedUntil).toBeNull();
  });

  it('a success clears the address and the account', async () => {
    const id = await newUser('success@example.com');
    await race(id, Array(3).fill('192.0.2.9'));
    await recordSuccess(dashboards[2]!, id, '192.0.2.9');
    expect(await dashboards[0]!.loginThrottle.count({ where: { userId: id } })).toBe(0);
    expect((await dashboards[0]!.user.findUniqueOrThrow({ where: { id } })).failedLogins).toBe(0);
  });
});
