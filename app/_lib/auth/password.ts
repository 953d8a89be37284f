// Password hashing (argon2id, core/auth/password-hash.ts) and the password policy.
import { hash } from '@node-rs/argon2';
import { PASSWORD_HASH_OPTIONS as OPTIONS } from '@/core/auth/password-hash.ts';

export { hashPassword, verifyPassword } from '@/core/auth/password-hash.ts';
// The policy itself is shared with the forms that ask for a password (password-policy.ts).
export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblem } from '@/core/config/password-policy.ts';

/** A hash to verify against when the account does not exist, so timing does not reveal it. */
let dummy: Promise<string> | null = null;
export function dummyHash(): Promise<string> {
  dummy ??= hash('portico-no-such-user', OPTIONS);
  return dummy;
}
