// HTTP Basic authentication against htpasswd-style hashes (bcrypt, argon2, {SHA}).
// Verifying a bcrypt hash costs milliseconds, so recent successful credentials are
// remembered (by a digest of the header, never the password itself).
import { createHash, timingSafeEqual } from 'node:crypto';
import { verify as argon2Verify } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';
import type { RequestContext } from '../../runtime/types.ts';

interface BasicAuthConfig {
  realm: string;
  users: { username: string; passwordHash: string }[];
}

const CACHE_MAX = 1024;

export function parseBasicAuthorization(header: string | undefined): { username: string; password: string } | null {
  if (!header || !/^basic /i.test(header)) return null;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  if (hash.startsWith('$2a$') || hash.startsWith('$2b$') || hash.startsWith('$2y$')) {
    return bcrypt.compare(password, hash.replace(/^\$2y\$/, '$2b$'));
  }
  if (hash.startsWith('$argon2')) return argon2Verify(hash, password).catch(() => false);
  if (hash.startsWith('{SHA}')) {
    const expected = Buffer.from(hash.slice(5), 'base64');
    const actual = createHash('sha1').update(password).digest();
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
  return false;
}

export function createBasicAuthCheck(config: BasicAuthConfig): (ctx: RequestContext) => Promise<boolean> {
  const users = new Map(config.users.map((u) => [u.username, u.passwordHash]));
  const verified = new Map<string, true>();
  return async (ctx) => {
    const header = ctx.req.headers.authorization;
    const credentials = parseBasicAuthorization(header);
    if (!credentials) return false;
    const hash = users.get(credentials.username);
    if (!hash) return false;
    const key = createHash('sha256').update(hash).update('\0').update(header!).digest('base64');
    if (verified.has(key)) return true;
    const ok = await verifyPassword(credentials.password, hash);
    if (ok) {
      if (verified.size >= CACHE_MAX) verified.delete(verified.keys().next().value!);
      verified.set(key, true);
    }
    return ok;
  };
}
