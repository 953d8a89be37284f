// Password hashing (argon2id, core/auth/password-hash.ts) and the password policy.
import { hashPassword } from '@/core/auth/password-hash.ts';

export { hashPassword, verifyPassword } from '@/core/auth/password-hash.ts';
// The policy itself is shared with the forms that ask for a password (password-policy.ts).
export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblem } from '@/core/config/password-policy.ts';

/** A hash to verify against when the account does not exist, so timing does not reveal it. */
let dummy: Promise<string> | null = null;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword('portico-no-such-user');
  return dummy;
}
