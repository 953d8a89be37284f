import { apiRoute } from '@/app/_lib/api/handler.ts';
import { TotpCodeInput } from '@/app/_lib/api/schemas.ts';
import { checkAddress } from '@/app/_lib/auth/login-throttle.ts';
import { disableTotp, recoveryCodesLeft, startTotpEnrolment } from '@/app/_lib/auth/second-factor.ts';

// GET /api/v1/users/me/totp – whether your account has two factors, and how many recovery codes are left
export const GET = apiRoute({ scope: 'read', duringEnrolment: true }, async ({ db, principal }) => {
  const user = await db.user.findUniqueOrThrow({ where: { id: principal.userId }, select: { totpEnabledAt: true } });
  return { enabled: user.totpEnabledAt !== null, enabledAt: user.totpEnabledAt?.toISOString() ?? null, recoveryCodesLeft: await recoveryCodesLeft(db, principal.userId) };
});

// POST /api/v1/users/me/totp – start enrolling an authenticator: a new secret, not active until confirmed
export const POST = apiRoute({ scope: 'read', duringEnrolment: true }, async ({ db, principal }) => startTotpEnrolment(db, principal.userId));

// DELETE /api/v1/users/me/totp – turn two factors off, with a current code (or a recovery code)
export const DELETE = apiRoute({ scope: 'read', body: TotpCodeInput }, async ({ db, principal, body, ip }) => {
  // Guessing codes through this route is throttled like sign-in.
  await checkAddress(ip);
  await disableTotp(db, principal.userId, body.code, { principal, ip });
});
