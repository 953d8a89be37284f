import { apiRoute } from '@/app/_lib/api/handler.ts';
import { resetTotp } from '@/app/_lib/auth/second-factor.ts';

type Params = { id: string };

// DELETE /api/v1/users/[id]/totp – turn off another user's two factors (a lost authenticator and lost recovery codes)
export const DELETE = apiRoute<undefined, Params>({ scope: 'admin' }, async ({ db, params, principal, ip }) => {
  await resetTotp(db, params.id, { principal, ip });
});
