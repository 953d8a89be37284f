// One password against one stored hash, the way nginx's auth_basic does on Debian:
// nginx's own schemes ({PLAIN}, {SHA}, {SSHA}, $apr1$) first, then what glibc's
// crypt(3) (libxcrypt) would compute from the stored value as its setting; the password
// matches when the result equals the stored value byte for byte. argon2 is Portico's own
// addition (its dashboard writes it; nginx cannot check it).
import { timingSafeEqual } from 'node:crypto';
import { verify as argon2Verify } from '@node-rs/argon2';
import { passwordHashFormat } from '../../../../core/auth/password-hash-format.ts';
import { bcryptMatches } from './bcrypt.ts';
import { bsdiCrypt, desCrypt } from './des-crypt.ts';
import { md5Crypt } from './md5-crypt.ts';
import { plainScheme, shaScheme, sshaScheme } from './nginx-schemes.ts';
import { ntHash } from './nt-hash.ts';
import { scryptCrypt } from './scrypt-crypt.ts';
import { shaCrypt } from './sha-crypt.ts';
import { yescrypt } from './yescrypt.ts';

/** Equal bytes, in time that depends on the length only. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

// yescrypt and scrypt hold 16 to 64 MiB (at their usual costs) while they run: checks run
// one after the other, as they do in an nginx worker, so a burst of logins cannot pile up memory.
let yescryptQueue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const run = yescryptQueue.then(work, work);
  yescryptQueue = run.catch(() => undefined);
  return run;
}

const matches = (computed: string | Buffer | null, hash: string): boolean =>
  computed !== null && sameBytes(typeof computed === 'string' ? Buffer.from(computed, 'utf8') : computed, Buffer.from(hash, 'utf8'));

/**
 * `password` as the client sent it (bytes). nginx hands crypt C strings: the password ends
 * at its first NUL byte, and so does the stored value.
 */
export async function verifyPassword(password: Buffer, storedHash: string): Promise<boolean> {
  const nul = password.indexOf(0);
  const key = nul < 0 ? password : password.subarray(0, nul);
  const hash = storedHash.split('\0')[0]!;
  switch (passwordHashFormat(hash).id) {
    case 'plain':
      return matches(plainScheme(key), hash);
    case 'sha':
      return matches(shaScheme(key), hash);
    case 'ssha':
      return matches(sshaScheme(key, hash), hash);
    case 'apr1':
    case 'md5-crypt':
      return matches(md5Crypt(key, hash), hash);
    case 'sha256-crypt':
    case 'sha512-crypt':
      return matches(await shaCrypt(key, hash), hash);
    case 'bcrypt':
      return bcryptMatches(key, hash);
    case 'des-crypt':
      return matches(desCrypt(key, hash), hash);
    case 'yescrypt':
      return matches(await oneAtATime(() => yescrypt(key, hash)), hash);
    case 'bsdi-crypt':
      return matches(await bsdiCrypt(key, hash), hash);
    case 'nt':
      return matches(ntHash(key), hash);
    case 'scrypt':
      return matches(await oneAtATime(() => scryptCrypt(key, hash)), hash);
    case 'argon2':
      return argon2Verify(hash, key).catch(() => false);
    default:
      // crypt(3) refuses the setting, or Portico cannot compute it: nothing matches.
      return false;
  }
}
