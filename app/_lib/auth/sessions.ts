// Browser sessions: a random cookie value, stored only as a digest, rotated at every
// login, expiring after 12 idle hours or 7 days at most.
import type { Db } from '@/core/db/client.ts';
import { digest, newSecret } from './secrets.ts';
import { roleScope, type Principal } from '../../../core/auth/principal.ts';

export const SESSION_COOKIE = 'portico_session';
const IDLE_MS = 12 * 3600 * 1000;
const ABSOLUTE_MS = 7 * 24 * 3600 * 1000;
/** lastSeenAt is refreshed at most this often, so reads do not write on every request. */
const TOUCH_MS = 60 * 1000;

export async function createSession(db: Db, userId: string, meta: { ip?: string; userAgent?: string; method?: 'password' | 'oidc' }, replacing?: string): Promise<{ value: string; expiresAt: Date }> {
  const value = newSecret();
  const now = Date.now();
  const expiresAt = new Date(now + ABSOLUTE_MS);
  await db.$transaction([
    // Rotation: the session a browser had before logging in never survives the login.
    ...(replacing ? [db.session.deleteMany({ where: { tokenHash: digest(replacing) } })] : []),
    db.session.deleteMany({ where: { userId, expiresAt: { lt: new Date(now) } } }),
    db.session.create({ data: { tokenHash: digest(value), userId, ip: meta.ip, userAgent: meta.userAgent?.slice(0, 256), method: meta.method ?? 'password', expiresAt } }),
  ]);
  return { value, expiresAt };
}

export async function sessionPrincipal(db: Db, value: string | undefined): Promise<Principal | null> {
  if (!value || value.length > 128) return null;
  const session = await db.session.findUnique({ where: { tokenHash: digest(value) }, include: { user: true } });
  if (!session) return null;
  const now = Date.now();
  if (session.expiresAt.getTime() < now || session.lastSeenAt.getTime() + IDLE_MS < now) {
    await db.session.delete({ where: { id: session.id } }).catch(() => {});
    return null;
  }
  if (now - session.lastSeenAt.getTime() > TOUCH_MS) {
    await db.session.update({ where: { id: session.id }, data: { lastSeenAt: new Date(now) } }).catch(() => {});
  }
  const { user } = session;
  return {
    userId: user.id,
    email: user.email,
    role: user.role,
    via: 'session',
    scope: roleScope(user.role),
    sessionId: session.id,
    signInMethod: session.method === 'oidc' ? 'oidc' : 'password',
    twoFactor: user.totpEnabledAt !== null,
  };
}

export async function deleteSession(db: Db, value: string | undefined): Promise<void> {
  if (value) await db.session.deleteMany({ where: { tokenHash: digest(value) } });
}

// Max-Age is relative, so the cookie lives as long as the session whatever the browser's
// clock says (browsers prefer it to Expires, RFC 6265 §5.3); Expires stays for old clients.
export function sessionCookie(value: string, expiresAt: Date, secure: boolean, now: Date = new Date()): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}; Expires=${expiresAt.toUTCString()}${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}
