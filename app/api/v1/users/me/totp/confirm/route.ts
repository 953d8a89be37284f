import { apiRoute } from '@/app/_lib/api/handler.ts';
import { TotpCodeInput } from '@/app/_lib/api/schemas.ts';
import { checkAddress } from '@/app/_lib/auth/login-throttle.ts';
import { confirmTotpEnrolment } from '@/app/_lib/auth/second-factor.ts';

// POST /api/v1/users/me/totp/confirm – make the enrolled authenticator active with its first code; answers the recovery codes (shown this once)
export const POST = apiRoute({ scope: 'read', body: TotpCodeInput, duringEnrolment: true }, async ({ db, principal, body, ip }) => {
  await checkAddress(ip);
  return confirmTotpEnrolment(db, principal.userId, body.code, { principal, ip });
});
