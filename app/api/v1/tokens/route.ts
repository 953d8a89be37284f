import { apiRoute } from '@/app/_lib/api/handler.ts';
import { TokenInput } from '@/app/_lib/api/schemas.ts';
import { createApiToken } from '@/app/_lib/auth/api-tokens.ts';
import { audit } from '@/core/db/config-state.ts';
import { listApiTokens } from '@/app/_lib/queries/user.ts';
import { serializeApiToken } from '@/core/views/user.ts';

// GET /api/v1/tokens – the caller's API tokens (never their secrets)
export const GET = apiRoute({ scope: 'read' }, async ({ db, principal }) => ({ tokens: await listApiTokens(db, principal.userId) }));

// POST /api/v1/tokens – create an API token; the secret is in this response only
export const POST = apiRoute({ scope: 'admin', body: TokenInput, status: 201 }, async ({ db, principal, body, ip }) => {
  const { token, row } = await createApiToken(db, principal.userId, body.name, body.scope, body.expiresAt ? new Date(body.expiresAt) : null);
  await audit(db, { principal, ip, action: 'token.create', objectType: 'apiToken', objectId: row.id, after: serializeApiToken(row) });
  return { token, ...serializeApiToken(row) };
});
