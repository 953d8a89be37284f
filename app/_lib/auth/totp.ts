// Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): HMAC-SHA-1, 30-second
// steps, 6 digits, what every authenticator app computes by default. Pure functions: the
// replay rule (a step is accepted once) is kept by the caller in the database.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { base32Decode, base32Encode } from './base32.ts';

export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps either side of now that are accepted: clocks drift and people type slowly. */
export const TOTP_WINDOW = 1;

/** A new secret: 160 bits, RFC 4226's recommended length for HMAC-SHA-1, in base32. */
export function newTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

export function stepAt(timeMs: number): number {
  return Math.floor(timeMs / 1000 / TOTP_STEP_SECONDS);
}

/** RFC 4226 HOTP with dynamic truncation, for one counter value. */
export function hotp(key: Buffer, counter: number, digits = TOTP_DIGITS): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

export function totpCode(secretBase32: string, timeMs: number): string {
  return hotp(base32Decode(secretBase32), stepAt(timeMs));
}

export function isTotpShaped(code: string): boolean {
  return /^\d{6}$/.test(code);
}

/** Apps show the code as "123 456": spaces and dashes typed with it do not matter. */
export function normaliseTotpInput(code: string): string {
  return code.replace(/[\s-]/g, '');
}

/**
 * The step whose code matches within the window, or null. Every step of the window is
 * compared (in constant time), so the answer's timing does not say which one matched.
 */
export function matchingStep(secretBase32: string, code: string, timeMs: number): number | null {
  if (!isTotpShaped(code)) return null;
  const key = base32Decode(secretBase32);
  const now = stepAt(timeMs);
  let found: number | null = null;
  for (let step = now - TOTP_WINDOW; step <= now + TOTP_WINDOW; step++) {
    if (timingSafeEqual(Buffer.from(hotp(key, step)), Buffer.from(code)) && found === null) found = step;
  }
  return found;
}

/** The otpauth:// URI authenticator apps import (the de facto Key Uri Format). */
export function otpauthUri(secretBase32: string, account: string, issuer = 'Portico'): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const params = new URLSearchParams({ secret: secretBase32, issuer, algorithm: 'SHA1', digits: String(TOTP_DIGITS), period: String(TOTP_STEP_SECONDS) });
  return `otpauth://totp/${label}?${params}`;
}
