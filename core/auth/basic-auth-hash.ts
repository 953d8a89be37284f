// Hashes for basic-auth users of access lists: bcrypt, which nginx's auth_basic_user_file
// accepts (Debian's crypt(3) reads $2b$) and the engine checks (crypt/bcrypt.ts). Cost 10,
// as htpasswd -B: each check costs the engine milliseconds, and it remembers successes.
import bcrypt from 'bcryptjs';

const BCRYPT_COST = 10;

export function hashBasicAuthPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}
