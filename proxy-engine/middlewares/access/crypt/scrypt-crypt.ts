// scrypt in crypt(3)'s "$7$" form (libxcrypt): "$7$", N as one character (its log2),
// r and p as five characters each (30 bits, lowest first), the salt string itself (not
// decoded), "$", and 32 bytes of scrypt(password, salt, N, r, p). Node's own scrypt
// computes it on the thread pool.
import { scrypt } from 'node:crypto';
import { ITOA64, encodeBytesLittleEndian } from './crypt-base64.ts';

/** Memory one check may use (the usual $7$CU…, N = 2^14 and r = 32, needs 64 MiB). */
const MAX_MEMORY = 256 * 1024 * 1024;

function fixed30(text: string): number | null {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    const c = ITOA64.indexOf(text[i] ?? '');
    if (c < 0) return null;
    value += c * 2 ** (6 * i);
  }
  return value;
}

/** What crypt(3) writes for `key` and the setting `hash` ("$7$…salt$…"), or null when it refuses the setting. */
export function scryptCrypt(key: Buffer, hash: string): Promise<string | null> {
  const nLog2 = ITOA64.indexOf(hash[3] ?? '');
  const r = fixed30(hash.slice(4, 9));
  const p = fixed30(hash.slice(9, 14));
  if (nLog2 < 1 || nLog2 > 63 || r === null || p === null || r < 1 || p < 1 || r * p >= 2 ** 30) return Promise.resolve(null);
  const N = 2 ** nLog2;
  const rest = hash.slice(14);
  const lastDollar = rest.lastIndexOf('$');
  const salt = lastDollar >= 0 ? rest.slice(0, lastDollar) : rest;
  const memory = 128 * r * (N + p + 2);
  if (memory > MAX_MEMORY) return Promise.resolve(null);
  return new Promise((resolve) => {
    scrypt(key, Buffer.from(salt, 'utf8'), 32, { N, r, p, maxmem: MAX_MEMORY + 1024 * 1024 }, (error, digest) => {
      resolve(error ? null : `${hash.slice(0, 14)}${salt}$${encodeBytesLittleEndian(digest)}`);
    });
  });
}
