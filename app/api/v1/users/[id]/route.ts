import { apiRoute } from '@/app/_lib/api/handler.ts';
import { deleteUser, updateUserRole, UserPatch } from '@/app/_lib/queries/user.ts';

type Params = { id: string };

// PATCH /api/v1/users/[id] – change a user's role
export const PATCH = apiRoute<typeof UserPatch, Params>({ scope: 'admin', body: UserPatch }, async ({ db, params, body, principal, ip }) => ({ user: await updateUserRole(db, params.id, body.role, { principal, ip }) }));

// DELETE /api/v1/users/[id] – delete a user (not yourself, not the last administrator)
export const DELETE = apiRoute<undefined, Params>({ scope: 'admin' }, async ({ db, params, principal, ip }) => {
  await deleteUser(db, params.id, { principal, ip });
  return undefined;
});
