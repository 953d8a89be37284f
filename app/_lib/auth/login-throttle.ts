// Login throttling: per address (in memory, sliding minute) and per account (in the
// database, so a restart does not reset a lockout).
import type { Db } from '@/proxy-engine/db/client.ts';
import { ApiError } from '../api/errors.ts';

const PER_ADDRESS_PER_MINUTE = 10;
const ACCOUNT_FREE_FAILURES = 5;
const LOCK_BASE_MS = 60 * 1000;
const LOCK_MAX_MS = 60 * 60 * 1000;

const attempts = new Map<string, number[]>();

export function checkAddress(ip: string): void {
  const now = Date.now();
  const recent = (attempts.get(ip) ?? []).filter((t) => now - t < 60_000);
  if (recent.length >= PER_ADDRESS_PER_MINUTE) {
    const retry = Math.ceil((60_000 - (now - recent[0]!)) / 1000);
    throw new ApiError('too_many_requests', `too many sign-in attempts from this address; try again in ${retry} s`, undefined, { 'retry-after': String(retry) });
  }
  recent.push(now);
  attempts.set(ip, recent);
  if (attempts.size > 10_000) attempts.delete(attempts.keys().next().value!);
}

export function checkAccount(user: { lockedUntil: Date | null }): void {
  if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) {
    const retry = Math.ceil((user.lockedUntil.getTime() - Date.now()) / 1000);
    throw new ApiError('too_many_requests', `this account is locked after repeated failed sign-ins; try again in ${retry} s`, undefined, { 'retry-after': String(retry) });
  }
}

/** Failures beyond the free ones lock the account for doubling periods (1 min … 1 h). */
export async function recordFailure(db: Db, user: { id: string; failedLogins: number }): Promise<void> {
  const failures = user.failedLogins + 1;
  const over = failures - ACCOUNT_FREE_FAILURES;
  const lockedUntil = over >= 0 ? new Date(Date.now() + Math.min(LOCK_BASE_MS * 2 ** over, LOCK_MAX_MS)) : null;
  await db.user.update({ where: { id: user.id }, data: { failedLogins: failures, lockedUntil } });
}

export async function recordSuccess(db: Db, userId: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { failedLogins: 0, lockedUntil: null } });
}
