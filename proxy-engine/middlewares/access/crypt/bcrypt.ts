// bcrypt ("$2a$", "$2b$", "$2y$"): crypt_blowfish (libxcrypt) computes the three alike
// for every password nginx can receive here, so bcryptjs's "$2b$" serves for all of them.
// bcryptjs takes the password as text and hashes its UTF-8 bytes; a password whose bytes
// are not UTF-8 cannot be handed to it and fails (docs/nginx-compatibility.md).
import bcrypt from 'bcryptjs';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function bcryptMatches(key: Buffer, hash: string): Promise<boolean> {
  let password: string;
  try {
    password = utf8.decode(key);
  } catch {
    return false;
  }
  try {
    // bcryptjs re-encodes the salt and compares whole strings, as nginx's strcmp does.
    return await bcrypt.compare(password, `$2b$${hash.slice(4)}`);
  } catch {
    return false;
  }
}
