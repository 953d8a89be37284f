// RFC 6238 appendix B's SHA-1 vectors (cut to 6 digits, as the app uses them), RFC 4226
// appendix D's HOTP values, and the window.
import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode } from './base32.ts';
import { hotp, matchingStep, normaliseTotpInput, otpauthUri, stepAt, totpCode } from './totp.ts';

const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890'));

describe('TOTP', () => {
  const vectors = [
    { time: 59, code8: '94287082' },
    { time: 1111111109, code8: '07081804' },
    { time: 1111111111, code8: '14050471' },
    { time: 1234567890, code8: '89005924' },
    { time: 2000000000, code8: '69279037' },
    { time: 20000000000, code8: '65353130' },
  ];
  it.each(vectors)('at $time s the code is the last 6 digits of $code8', ({ time, code8 }) => {
    expect(hotp(Buffer.from('12345678901234567890'), stepAt(time * 1000), 8)).toBe(code8);
    expect(totpCode(RFC_SECRET, time * 1000)).toBe(code8.slice(2));
  });

  it('computes RFC 4226 HOTP values', () => {
    const key = Buffer.from('12345678901234567890');
    expect([0, 1, 2, 3, 9].map((c) => hotp(key, c))).toEqual(['755224', '287082', '359152', '969429', '520489']);
  });

  const now = 1_700_000_000_000;
  const cases = [
    { desc: 'the current step', at: now, expected: stepAt(now) },
    { desc: 'one step behind', at: now - 30_000, expected: stepAt(now) - 1 },
    { desc: 'one step ahead', at: now + 30_000, expected: stepAt(now) + 1 },
    { desc: 'two steps behind', at: now - 60_000, expected: null },
    { desc: 'two steps ahead', at: now + 60_000, expected: null },
  ];
  it.each(cases)('accepts a code of $desc only within ±1 step', ({ at, expected }) => {
    expect(matchingStep(RFC_SECRET, totpCode(RFC_SECRET, at), now)).toBe(expected);
  });

  it.each(['', '12345', '1234567', 'abcdef', ' 123456'])('refuses %j as a code', (code) => {
    expect(matchingStep(RFC_SECRET, code, now)).toBeNull();
  });

  it.each(['287 082', ' 287082 ', '287-082'])('reads %j as typed from an app that groups the digits', (typed) => {
    expect(normaliseTotpInput(typed)).toBe('287082');
  });

  it('round-trips base32 and reads it as people copy it', () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255, 17, 99]);
    expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
    expect(base32Decode('gezd gnbv-gy3t qojq====')).toEqual(Buffer.from('1234567890'));
  });

  it('builds the otpauth URI authenticator apps import', () => {
    const uri = new URL(otpauthUri('JBSWY3DPEHPK3PXP', 'admin@example.com'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Portico:admin@example.com');
    expect(Object.fromEntries(uri.searchParams)).toEqual({ secret: 'JBSWY3DPEHPK3PXP', issuer: 'Portico', algorithm: 'SHA1', digits: '6', period: '30' });
  });
});
