// The second factor of an account: enrolment (a pending TOTP secret, made active by a
// first correct code), verification at sign-in (a TOTP code accepted once per step, or a
// recovery code accepted once), and disabling. Secrets are sealed with the data
// directory's secret box; recovery codes are stored as digests. Every check that could
// race (two requests with the same code) is a compare-and-swap in the database.
import type { Db } from '@/core/db/client.ts';
import type { User } from '@/core/db/generated/client.ts';
import type { SecondFactorView } from '@/core/views/auth.ts';
import { secretBoxFor } from '@/core/tls/secret-box.ts';
import { ApiError, validationError } from '../api/errors.ts';
import { dashboardEnv } from '../env.ts';
import { audit, type WriteMeta } from '../../../core/db/config-state.ts';
import { RECOVERY_CODE_COUNT, isRecoveryCodeShaped, newRecoveryCode, recoveryCodeDigest } from './recovery-codes.ts';
import type { Principal } from '../../../core/auth/principal.ts';
import { matchingStep, newTotpSecret, normaliseTotpInput, otpauthUri } from './totp.ts';

const box = () => secretBoxFor(dashboardEnv().dataDir);

export function hasSecondFactor(user: Pick<User, 'totpEnabledAt'>): boolean {
  return user.totpEnabledAt !== null;
}

async function userOrThrow(db: Db, userId: string): Promise<User> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw new ApiError('not_found', 'user not found');
  return user;
}

/** Starts (or restarts) enrolment: a new secret, not active until confirmed. */
export async function startTotpEnrolment(db: Db, userId: string): Promise<{ secret: string; otpauthUri: string }> {
  const user = await userOrThrow(db, userId);
  if (hasSecondFactor(user)) throw new ApiError('conflict', 'two-factor sign-in is already on for this account; turn it off first to enrol a new authenticator');
  const secret = newTotpSecret();
  await db.user.update({ where: { id: userId }, data: { totpSecret: box().seal(secret), totpLastStep: null } });
  return { secret, otpauthUri: otpauthUri(secret, user.email) };
}

/**
 * Accepts a TOTP code for its step at most once: the step is recorded with a
 * compare-and-swap on the last accepted one, so the same code sent twice at once passes once.
 */
async function acceptTotp(db: Db, user: User, code: string, now = Date.now()): Promise<boolean> {
  if (!user.totpSecret) return false;
  const step = matchingStep(box().open(user.totpSecret), normaliseTotpInput(code), now);
  if (step === null) return false;
  if (user.totpLastStep !== null && step <= user.totpLastStep) return false;
  const { count } = await db.user.updateMany({ where: { id: user.id, totpLastStep: user.totpLastStep }, data: { totpLastStep: step } });
  return count === 1;
}

async function acceptRecoveryCode(db: Db, userId: string, code: string): Promise<boolean> {
  if (!isRecoveryCodeShaped(code)) return false;
  const { count } = await db.recoveryCode.updateMany({ where: { userId, codeHash: recoveryCodeDigest(code), usedAt: null }, data: { usedAt: new Date() } });
  return count === 1;
}

/** Confirms enrolment with a first code; returns the recovery codes (shown this once). */
export async function confirmTotpEnrolment(db: Db, userId: string, code: string, meta: WriteMeta): Promise<{ recoveryCodes: string[] }> {
  const user = await userOrThrow(db, userId);
  if (hasSecondFactor(user)) throw new ApiError('conflict', 'two-factor sign-in is already on for this account');
  if (!user.totpSecret) throw new ApiError('conflict', 'start enrolment first (POST /api/v1/users/me/totp)');
  if (!(await acceptTotp(db, user, code.trim()))) throw validationError([{ path: 'code', message: 'is not the current code of this secret (check the device\'s clock)' }]);
  const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await db.$transaction([
    db.recoveryCode.deleteMany({ where: { userId } }),
    db.recoveryCode.createMany({ data: recoveryCodes.map((c) => ({ userId, codeHash: recoveryCodeDigest(c) })) }),
    db.user.update({ where: { id: userId }, data: { totpEnabledAt: new Date() } }),
  ]);
  await audit(db, { ...meta, action: 'user.totp.enable', objectType: 'user', objectId: userId, after: { email: user.email } });
  return { recoveryCodes };
}

export type SecondFactorResult = 'totp' | 'recovery' | null;

/** Checks a sign-in's second factor: a current TOTP code or an unused recovery code. */
export async function verifySecondFactor(db: Db, user: User, code: string, meta: WriteMeta): Promise<SecondFactorResult> {
  const text = code.trim();
  if (await acceptTotp(db, user, text)) return 'totp';
  if (await acceptRecoveryCode(db, user.id, text)) {
    const left = await db.recoveryCode.count({ where: { userId: user.id, usedAt: null } });
    await audit(db, { ...meta, action: 'user.recovery_code.used', objectType: 'user', objectId: user.id, after: { email: user.email, recoveryCodesLeft: left } });
    return 'recovery';
  }
  return null;
}

/** Turns the second factor off; needs a current code (or a recovery code). */
export async function disableTotp(db: Db, userId: string, code: string, meta: WriteMeta): Promise<void> {
  const user = await userOrThrow(db, userId);
  if (!hasSecondFactor(user)) throw new ApiError('conflict', 'two-factor sign-in is not on for this account');
  if ((await verifySecondFactor(db, user, code, meta)) === null) throw validationError([{ path: 'code', message: 'is neither a current code nor an unused recovery code' }]);
  await db.$transaction([
    db.recoveryCode.deleteMany({ where: { userId } }),
    db.user.update({ where: { id: userId }, data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null } }),
  ]);
  await audit(db, { ...meta, action: 'user.totp.disable', objectType: 'user', objectId: userId, before: { email: user.email } });
}

export async function recoveryCodesLeft(db: Db, userId: string): Promise<number> {
  return db.recoveryCode.count({ where: { userId, usedAt: null } });
}

/** An administrator turns off another user's second factor (no code: the user lost it). */
export async function resetTotp(db: Db, userId: string, meta: WriteMeta): Promise<void> {
  const user = await userOrThrow(db, userId);
  await db.$transaction([
    db.recoveryCode.deleteMany({ where: { userId } }),
    db.user.update({ where: { id: userId }, data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null } }),
  ]);
  await audit(db, { ...meta, action: 'user.totp.reset', objectType: 'user', objectId: userId, before: { email: user.email, enabled: hasSecondFactor(user) } });
}

/** What the account page and the enrolment page show about the signed-in user's second factor. */
export async function secondFactorView(db: Db, principal: Principal): Promise<SecondFactorView> {
  const user = await userOrThrow(db, principal.userId);
  return {
    enabled: hasSecondFactor(user),
    enabledAt: user.totpEnabledAt?.toISOString() ?? null,
    recoveryCodesLeft: await recoveryCodesLeft(db, user.id),
    enrolmentRequired: principal.enrolmentRequired === true,
    signInMethod: principal.signInMethod ?? 'password',
  };
}
