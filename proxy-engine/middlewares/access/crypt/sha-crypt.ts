// SHA-256-crypt ("$5$") and SHA-512-crypt ("$6$"), Ulrich Drepper's specification, with
// the stricter reading of "rounds=" that Debian's libxcrypt applies (no leading zero,
// 1000 to 999,999,999, else the setting is refused and nothing matches).
import { createHash } from 'node:crypto';
import { base64From24, base64Groups, cryptSalt, yieldToEventLoop } from './crypt-base64.ts';

const ROUNDS_DEFAULT = 5000;
const ROUNDS_MIN = 1000;
const ROUNDS_MAX = 999_999_999;
/** Rounds run between two yields to the event loop. */
const ROUNDS_PER_SLICE = 2000;

interface Variant {
  algorithm: 'sha256' | 'sha512';
  size: number;
  groups: readonly (readonly [number, number, number])[];
  tail: (d: Buffer) => string;
}

const SHA256: Variant = {
  algorithm: 'sha256',
  size: 32,
  groups: [[0, 10, 20], [21, 1, 11], [12, 22, 2], [3, 13, 23], [24, 4, 14], [15, 25, 5], [6, 16, 26], [27, 7, 17], [18, 28, 8], [9, 19, 29]],
  tail: (d) => base64From24(0, d[31]!, d[30]!, 3),
};
const SHA512: Variant = {
  algorithm: 'sha512',
  size: 64,
  groups: [
    [0, 21, 42], [22, 43, 1], [44, 2, 23], [3, 24, 45], [25, 46, 4], [47, 5, 26], [6, 27, 48], [28, 49, 7], [50, 8, 29], [9, 30, 51], [31, 52, 10],
    [53, 11, 32], [12, 33, 54], [34, 55, 13], [56, 14, 35], [15, 36, 57], [37, 58, 16], [59, 17, 38], [18, 39, 60], [40, 61, 19], [62, 20, 41],
  ],
  tail: (d) => base64From24(0, 0, d[63]!, 2),
};

/** `source` repeated (whole, then a prefix) to `length` bytes. */
function stretch(source: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i += source.length) source.copy(out, i, 0, Math.min(source.length, length - i));
  return out;
}

/** What crypt(3) writes for `key` and the setting `hash` ("$5$[rounds=N$]salt$…"), or null when it refuses the setting. */
export async function shaCrypt(key: Buffer, hash: string): Promise<string | null> {
  const prefix = hash.slice(0, 3);
  const variant = prefix === '$5$' ? SHA256 : SHA512;
  let rest = hash.slice(3);
  let rounds = ROUNDS_DEFAULT;
  let roundsText = '';
  if (rest.startsWith('rounds=')) {
    const m = /^rounds=([1-9][0-9]*)\$/.exec(rest);
    if (!m) return null;
    rounds = Number(m[1]);
    if (rounds < ROUNDS_MIN || rounds > ROUNDS_MAX) return null;
    roundsText = `rounds=${rounds}$`;
    rest = rest.slice(m[0].length);
  }
  const salt = cryptSalt(rest, 16);
  if (salt === null) return null;
  const saltBytes = Buffer.from(salt, 'utf8');
  const H = () => createHash(variant.algorithm);

  const alternate = H().update(key).update(saltBytes).update(key).digest();
  const first = H().update(key).update(saltBytes);
  let left = key.length;
  for (; left > variant.size; left -= variant.size) first.update(alternate);
  first.update(alternate.subarray(0, left));
  for (let bits = key.length; bits > 0; bits >>= 1) first.update(bits & 1 ? alternate : key);
  let digest = first.digest();

  const keyDigest = H();
  for (let i = 0; i < key.length; i++) keyDigest.update(key);
  const p = stretch(keyDigest.digest(), key.length);
  const saltDigest = H();
  for (let i = 0; i < 16 + digest[0]!; i++) saltDigest.update(saltBytes);
  const s = stretch(saltDigest.digest(), saltBytes.length);

  for (let r = 0; r < rounds; r++) {
    if (r > 0 && r % ROUNDS_PER_SLICE === 0) await yieldToEventLoop();
    const round = H();
    round.update(r & 1 ? p : digest);
    if (r % 3) round.update(s);
    if (r % 7) round.update(p);
    round.update(r & 1 ? digest : p);
    digest = round.digest();
  }
  return `${prefix}${roundsText}${salt}$${base64Groups(digest, variant.groups)}${variant.tail(digest)}`;
}
