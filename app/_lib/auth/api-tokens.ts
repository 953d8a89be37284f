// API tokens: shown once, stored as a digest, scoped (read / write / admin), optional
// expiry, last use recorded.
import type { Db } from '@/core/db/client.ts';
import type { TokenScope } from '@/core/db/generated/client.ts';
import { digest, newSecret } from './secrets.ts';
import { tokenScope, type Principal } from '../../../core/auth/principal.ts';

export const TOKEN_PREFIX = 'pt_';
const TOUCH_MS = 60 * 1000;

export async function createApiToken(db: Db, userId: string, name: string, scope: TokenScope, expiresAt: Date | null) {
  const token = newSecret(TOKEN_PREFIX);
  const row = await db.apiToken.create({
    data: { name, scope, userId, expiresAt, tokenHash: digest(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6) },
  });
  return { token, row };
}

export async function tokenPrincipal(db: Db, header: string | null): Promise<Principal | null> {
  if (!header || !header.startsWith('Bearer ')) return null;
  const token = header.slice(7).trim();
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 128) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: digest(token) }, include: { user: true } });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() < Date.now())) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > TOUCH_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
  }
  // A token never grants more than its owner's role allows.
  const scope = tokenScope(row.scope);
  return { userId: row.user.id, email: row.user.email, role: row.user.role, via: 'token', scope, tokenId: row.id, tokenName: row.name };
}
