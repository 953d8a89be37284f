// Which scheme a stored basic-auth password hash is in, by its shape, as nginx on Debian
// would pick it (its own "{PLAIN}", "{SHA}", "{SSHA}", "$apr1$", then crypt(3) of glibc's
// libxcrypt): shared by the model (which refuses hashes Portico cannot check), the
// nginx importer and the engine's verifier.

export type PasswordHashFormatId =
  | 'plain'
  | 'sha'
  | 'ssha'
  | 'apr1'
  | 'md5-crypt'
  | 'sha256-crypt'
  | 'sha512-crypt'
  | 'bcrypt'
  | 'des-crypt'
  | 'yescrypt'
  | 'scrypt'
  | 'nt'
  | 'bsdi-crypt'
  | 'argon2'
  /** "!" or "*": no password matches (the shadow-file convention; crypt(3) refuses them too). */
  | 'locked'
  /** A crypt(3) scheme nginx on Debian checks and Portico does not. */
  | 'unchecked'
  /** Something crypt(3) refuses or can never produce: no password matches, in nginx too. */
  | 'invalid';

export interface PasswordHashFormat {
  id: PasswordHashFormatId;
  /** For messages: "yescrypt ($y$)". */
  label: string;
}

// Prefixes of libxcrypt schemes Portico does not compute.
const UNCHECKED: readonly [string, string][] = [
  ['$gy$', 'gost-yescrypt ($gy$)'],
  ['$2x$', 'bcrypt with the old sign bug ($2x$)'],
  ['$md5', 'SunMD5 ($md5$)'],
  ['$sha1$', 'SHA-1-crypt ($sha1$)'],
];

const DES_ALPHABET = /^[./0-9A-Za-z]{13}$/;

export function passwordHashFormat(hash: string): PasswordHashFormat {
  // nginx's own schemes first, in nginx's order (ngx_crypt).
  if (hash.startsWith('$apr1$')) return { id: 'apr1', label: 'Apache MD5 ($apr1$)' };
  if (hash.startsWith('{PLAIN}')) return { id: 'plain', label: 'plain text ({PLAIN})' };
  if (hash.startsWith('{SSHA}')) return { id: 'ssha', label: 'salted SHA-1 ({SSHA})' };
  if (hash.startsWith('{SHA}')) return { id: 'sha', label: 'SHA-1 ({SHA})' };
  if (hash.startsWith('$argon2')) return { id: 'argon2', label: 'argon2' };
  if (hash.startsWith('$1$')) return { id: 'md5-crypt', label: 'MD5-crypt ($1$)' };
  if (hash.startsWith('$5$')) return { id: 'sha256-crypt', label: 'SHA-256-crypt ($5$)' };
  if (hash.startsWith('$6$')) return { id: 'sha512-crypt', label: 'SHA-512-crypt ($6$)' };
  if (hash.startsWith('$y$')) return { id: 'yescrypt', label: 'yescrypt ($y$)' };
  if (hash.startsWith('$7$')) return { id: 'scrypt', label: 'scrypt ($7$)' };
  if (hash.startsWith('$3$')) return { id: 'nt', label: 'NT hash ($3$)' };
  if (hash.startsWith('_')) return { id: 'bsdi-crypt', label: 'BSDi extended DES (_)' };
  if (/^\$2[aby]\$/.test(hash)) return { id: 'bcrypt', label: `bcrypt (${hash.slice(0, 4)})` };
  const unchecked = UNCHECKED.find(([prefix]) => hash.startsWith(prefix));
  if (unchecked) return { id: 'unchecked', label: unchecked[1] };
  if (hash === '!' || hash === '*') return { id: 'locked', label: `locked (${hash})` };
  // Traditional crypt writes exactly 13 characters; anything else never equals its output.
  if (DES_ALPHABET.test(hash)) return { id: 'des-crypt', label: 'DES crypt' };
  return { id: 'invalid', label: 'not a password hash' };
}

/** Formats the engine can check a password against (and "locked", which no password passes). */
export function isCheckablePasswordHash(hash: string): boolean {
  const { id } = passwordHashFormat(hash);
  return id !== 'unchecked' && id !== 'invalid';
}
