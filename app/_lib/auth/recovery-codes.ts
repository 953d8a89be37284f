// Recovery codes: ten one-time codes shown once at enrolment, standing in for the
// authenticator when it is lost. 10 base32 characters (50 bits) each, so a digest is
// enough to store them (as for API tokens): they cannot be guessed offline from it.
import { randomBytes } from 'node:crypto';
import { base32Encode } from './base32.ts';
import { digest } from './secrets.ts';

export const RECOVERY_CODE_COUNT = 10;

/** "ABCDE-FGHIJ": grouped for reading aloud and typing. */
export function newRecoveryCode(): string {
  const text = base32Encode(randomBytes(7)).slice(0, 10);
  return `${text.slice(0, 5)}-${text.slice(5)}`;
}

/** Case, spaces and dashes do not matter when a code is typed back. */
export function normaliseRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

export function isRecoveryCodeShaped(code: string): boolean {
  return /^[A-Z2-7]{10}$/.test(normaliseRecoveryCode(code));
}

export function recoveryCodeDigest(code: string): string {
  return digest(`recovery:${normaliseRecoveryCode(code)}`);
}
