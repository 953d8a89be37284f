import { describe, expect, it } from 'vitest';
import { isRecoveryCodeShaped, newRecoveryCode, recoveryCodeDigest } from './recovery-codes.ts';

describe('recovery codes', () => {
  it('are ten base32 characters in two groups, and different each time', () => {
    const codes = Array.from({ length: 200 }, newRecoveryCode);
    for (const code of codes) expect(code).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });

  const cases = [
    { desc: 'as shown', typed: 'ABCDE-FGHIJ', same: true },
    { desc: 'in lower case', typed: 'abcde-fghij', same: true },
    { desc: 'without the dash', typed: 'ABCDEFGHIJ', same: true },
    { desc: 'with spaces', typed: ' ABCDE FGHIJ ', same: true },
    { desc: 'one character off', typed: 'ABCDE-FGHIK', same: false },
  ];
  it.each(cases)('read back $desc', ({ typed, same }) => {
    expect(recoveryCodeDigest(typed) === recoveryCodeDigest('ABCDE-FGHIJ')).toBe(same);
  });

  it.each(['123456', 'ABCDE-FGHI', 'ABCDE-FGHIJK', 'ABCD1-FGHIJ', ''])('does not take %j for a recovery code', (text) => {
    expect(isRecoveryCodeShaped(text)).toBe(false);
  });
});
