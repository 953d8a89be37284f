import { apiRoute } from '@/app/_lib/api/handler.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';
import { audit } from '@/core/db/config-state.ts';

// DELETE /api/v1/tokens/[id] – revoke an API token
export const DELETE = apiRoute<undefined, { id: string }>({ scope: 'admin' }, async ({ db, principal, params, ip }) => {
  const row = await db.apiToken.findFirst({ where: { id: params.id, userId: principal.userId } });
  if (!row) throw new ApiError('not_found', `token ${params.id} not found`);
  await db.apiToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
  await audit(db, { principal, ip, action: 'token.revoke', objectType: 'apiToken', objectId: row.id });
  return undefined;
});
