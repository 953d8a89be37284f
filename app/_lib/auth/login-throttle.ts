// Sign-in throttling, three limits checked before a password is evaluated:
// - per address, across accounts (in memory, or in Redis for every dashboard with
//   PORTICO_REDIS_URL: address-attempts.ts): 10 attempts a minute, against spraying;
// - per account and address (database, LoginThrottle): 5 free failures, then that address is
//   locked out of the account for doubling periods (1 min … 1 h);
// - per account (database, User.failedLogins): 20 failures lock the account for everyone,
//   but an address's failures count there only within its own free 5, so one address is
//   throttled itself long before it could lock anyone else out; only guesses from at least
//   four addresses can.
// A failure is counted before the password is evaluated (a reservation, taken by a
// compare-and-swap UPDATE on the count read) and a success clears it. However many guesses
// arrive at once, and however many dashboards share the database, no more than the free
// number of passwords is evaluated per lock period.
import type { Db } from '@/core/db/client.ts';
import { ApiError } from '../api/errors.ts';
import { addressAttempts } from './address-attempts.ts';

const PER_ADDRESS_PER_MINUTE = 10;
export const ADDRESS_FREE_FAILURES = 5;
export const ACCOUNT_FREE_FAILURES = 20;
const LOCK_BASE_MS = 60 * 1000;
const LOCK_MAX_MS = 60 * 60 * 1000;
// Each lost compare-and-swap means another attempt was counted; the count locks within
// the free number of wins, so a request loses at most that many rounds. The bound is a
// safety net.
const MAX_ROUNDS = 100;

/** Throws 429 when this address has made too many sign-in attempts in the last minute (any account; every dashboard with PORTICO_REDIS_URL). */
export async function checkAddress(ip: string): Promise<void> {
  const retry = await addressAttempts(PER_ADDRESS_PER_MINUTE, 60_000).take(ip);
  if (retry !== null) throw new ApiError('too_many_requests', `too many sign-in attempts from this address; try again in ${retry} s`, undefined, { 'retry-after': String(retry) });
}

/** The lock a failure count earns: none within the free failures, then 1 min doubling to 1 h. */
export function lockAfter(failures: number, free: number, now: Date): Date | null {
  const over = failures - free;
  return over >= 0 ? new Date(now.getTime() + Math.min(LOCK_BASE_MS * 2 ** over, LOCK_MAX_MS)) : null;
}

function locked(lockedUntil: Date, now: Date, who: 'account' | 'address'): ApiError {
  const retry = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
  const message =
    who === 'account'
      ? `this account is locked after repeated failed sign-ins; try again in ${retry} s`
      : `too many failed sign-ins to this account from this address; try again in ${retry} s`;
  return new ApiError('too_many_requests', message, undefined, { 'retry-after': String(retry) });
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === 'P2002';
}

/** Counts one failure of the address against the account; true if it counts for the account too. */
async function reserveForAddress(db: Db, userId: string, address: string): Promise<boolean> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const row = await db.loginThrottle.findUnique({ where: { userId_address: { userId, address } } });
    const now = new Date();
    if (row?.lockedUntil && row.lockedUntil > now) throw locked(row.lockedUntil, now, 'address');
    const failures = (row?.failures ?? 0) + 1;
    const lockedUntil = lockAfter(failures, ADDRESS_FREE_FAILURES, now);
    if (!row) {
      try {
        await db.loginThrottle.create({ data: { userId, address, failures, lockedUntil } });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) continue;
        throw error;
      }
    }
    const { count } = await db.loginThrottle.updateMany({ where: { userId, address, failures: row.failures }, data: { failures, lockedUntil } });
    if (count === 1) return failures <= ADDRESS_FREE_FAILURES;
  }
  throw new ApiError('too_many_requests', 'too many sign-in attempts at once; try again in a few seconds', undefined, { 'retry-after': '5' });
}

async function reserveForAccount(db: Db, userId: string): Promise<void> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const user = await db.user.findUnique({ where: { id: userId }, select: { failedLogins: true, lockedUntil: true } });
    if (!user) throw new ApiError('unauthorized', 'wrong email or password');
    const now = new Date();
    if (user.lockedUntil && user.lockedUntil > now) throw locked(user.lockedUntil, now, 'account');
    const failedLogins = user.failedLogins + 1;
    const lockedUntil = lockAfter(failedLogins, ACCOUNT_FREE_FAILURES, now);
    const { count } = await db.user.updateMany({ where: { id: userId, failedLogins: user.failedLogins }, data: { failedLogins, lockedUntil } });
    if (count === 1) return;
  }
  throw new ApiError('too_many_requests', 'too many sign-in attempts at once; try again in a few seconds', undefined, { 'retry-after': '5' });
}

/**
 * Takes one attempt from the account's and the address's allowances, or refuses (429) when
 * either is locked. Call it before evaluating the password; `recordSuccess` gives it back.
 */
export async function reserveAttempt(db: Db, userId: string, address: string): Promise<void> {
  // A locked account refuses at once, without charging the address.
  const user = await db.user.findUnique({ where: { id: userId }, select: { lockedUntil: true } });
  const now = new Date();
  if (user?.lockedUntil && user.lockedUntil > now) throw locked(user.lockedUntil, now, 'account');
  if (await reserveForAddress(db, userId, address)) await reserveForAccount(db, userId);
}

export async function recordSuccess(db: Db, userId: string, address: string): Promise<void> {
  await db.$transaction([
    db.user.update({ where: { id: userId }, data: { failedLogins: 0, lockedUntil: null } }),
    db.loginThrottle.deleteMany({ where: { userId, address } }),
  ]);
}
