// The schemes nginx checks itself, before handing anything else to crypt(3)
// (ngx_crypt in src/core/ngx_crypt.c): "{PLAIN}", "{SHA}" and "{SSHA}" (RFC 2307 style).
// Like nginx, each builds the string the password would have produced and the caller
// compares it with the stored one, so a stored value nginx would never match (base64
// without padding, a salt it cannot decode) never matches here either.
import { createHash } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** nginx's ngx_decode_base64: stops at the first "=", refuses other characters and a length of 4n+1. */
export function nginxDecodeBase64(text: string): Buffer | null {
  const end = text.indexOf('=');
  const body = end < 0 ? text : text.slice(0, end);
  if (body.length % 4 === 1) return null;
  for (const ch of body) if (!ALPHABET.includes(ch)) return null;
  // Node decodes the same way once the characters are known to be valid.
  return Buffer.from(body, 'base64');
}

export function plainScheme(key: Buffer): Buffer {
  return Buffer.concat([Buffer.from('{PLAIN}'), key]);
}

export function shaScheme(key: Buffer): Buffer {
  return Buffer.from(`{SHA}${createHash('sha1').update(key).digest('base64')}`);
}

/** "{SSHA}" base64(SHA1(key + salt) + salt); the salt is what follows the first 20 decoded bytes. */
export function sshaScheme(key: Buffer, hash: string): Buffer {
  const decoded = nginxDecodeBase64(hash.slice('{SSHA}'.length));
  // nginx: an undecodable value or one shorter than a SHA-1 digest means an empty salt.
  const salt = decoded && decoded.length >= 20 ? decoded.subarray(20) : Buffer.alloc(0);
  const digest = createHash('sha1').update(key).update(salt).digest();
  return Buffer.from(`{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`);
}
