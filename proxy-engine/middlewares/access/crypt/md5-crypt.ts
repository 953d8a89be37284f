// MD5-crypt (Poul-Henning Kamp's "$1$") and Apache's variant "$apr1$" (the same rounds
// with another magic string), as glibc's crypt(3) and nginx's ngx_crypt_apr1 compute
// them: the result is the whole string crypt(3) writes, compared with the stored one.
import { createHash } from 'node:crypto';
import { base64From24, cryptSalt } from './crypt-base64.ts';

const md5 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return h.digest();
};

const GROUPS = [
  [0, 6, 12],
  [1, 7, 13],
  [2, 8, 14],
  [3, 9, 15],
  [4, 10, 5],
] as const;

/** What crypt(3) writes for `key` and the setting `hash` ("$1$salt$…" or "$apr1$salt$…"), or null when it refuses the setting. */
export function md5Crypt(key: Buffer, hash: string): string | null {
  const magic = hash.startsWith('$apr1$') ? '$apr1$' : '$1$';
  // nginx's own $apr1$ code takes up to 8 salt characters before "$" and checks nothing else.
  const salt = magic === '$apr1$' ? /^[^$]{0,8}/.exec(hash.slice(6))![0] : cryptSalt(hash.slice(3), 8);
  if (salt === null) return null;
  const saltBytes = Buffer.from(salt, 'utf8');
  const magicBytes = Buffer.from(magic);

  const alternate = md5(key, saltBytes, key);
  const first = createHash('md5').update(key).update(magicBytes).update(saltBytes);
  for (let left = key.length; left > 0; left -= 16) first.update(alternate.subarray(0, Math.min(left, 16)));
  for (let bits = key.length; bits > 0; bits >>= 1) first.update(bits & 1 ? Buffer.of(0) : key.subarray(0, 1));
  let digest = first.digest();

  for (let i = 0; i < 1000; i++) {
    const round = createHash('md5');
    round.update(i & 1 ? key : digest);
    if (i % 3) round.update(saltBytes);
    if (i % 7) round.update(key);
    round.update(i & 1 ? digest : key);
    digest = round.digest();
  }
  const text = GROUPS.map(([a, b, c]) => base64From24(digest[a]!, digest[b]!, digest[c]!, 4)).join('') + base64From24(0, 0, digest[11]!, 2);
  return `${magic}${salt}$${text}`;
}
