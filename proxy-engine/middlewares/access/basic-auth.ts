// HTTP Basic authentication against the users of an htpasswd file, as nginx's auth_basic
// reads the header and checks the password (crypt/verify-password.ts). Credentials are
// bytes, never decoded text: a user name or password that is not UTF-8 is compared as
// nginx compares it. Verifying a bcrypt or SHA-crypt hash costs milliseconds, so recent
// successful credentials are remembered (by a digest of the header, never the password).
import { createHash } from 'node:crypto';
import type { RequestContext } from '../../runtime/types.ts';
import { nginxDecodeBase64 } from './crypt/nginx-schemes.ts';
import { verifyPassword } from './crypt/verify-password.ts';

interface BasicAuthConfig {
  realm: string;
  users: { username: string; passwordHash: string }[];
}

const CACHE_MAX = 1024;

/**
 * The user name and password of an `Authorization: Basic …` header, as nginx reads it
 * (ngx_http_auth_basic_user): "Basic" in any case, one space and then any number of
 * spaces, strict base64, a non-empty user name before the first ":". Null otherwise.
 */
function parseBasicAuthorization(header: string | undefined): { username: Buffer; password: Buffer } | null {
  if (!header || !/^basic /i.test(header)) return null;
  const decoded = nginxDecodeBase64(header.slice(6).replace(/^ +/, ''));
  if (!decoded || decoded.length === 0) return null;
  const colon = decoded.indexOf(0x3a);
  if (colon <= 0) return null;
  return { username: decoded.subarray(0, colon), password: decoded.subarray(colon + 1) };
}

// Users by the bytes of their name (latin1 keeps one character per byte).
const byteKey = (bytes: Buffer): string => bytes.toString('latin1');

export function createBasicAuthCheck(config: BasicAuthConfig): (ctx: RequestContext) => Promise<boolean> {
  const users = new Map<string, string>();
  // The first entry for a name wins, as nginx's scan of the file stops at it.
  for (const u of config.users) {
    const key = byteKey(Buffer.from(u.username, 'utf8'));
    if (!users.has(key)) users.set(key, u.passwordHash);
  }
  const verified = new Map<string, true>();
  return async (ctx) => {
    const header = ctx.req.headers.authorization;
    const credentials = parseBasicAuthorization(header);
    if (!credentials) return false;
    const hash = users.get(byteKey(credentials.username));
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
