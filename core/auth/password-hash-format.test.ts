import { describe, expect, it } from 'vitest';
import { isCheckablePasswordHash, passwordHashFormat } from './password-hash-format.ts';

describe('passwordHashFormat', () => {
  it.each([
    ['{PLAIN}x', 'plain'],
    ['{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=', 'sha'],
    ['{SSHA}abcd', 'ssha'],
    ['$apr1$vCdKB7yE$kaJSqPwHUzXX9D8w5hCl81', 'apr1'],
    ['$1$tmgC4ENT$zCXvucstOAPTXkD.3xfM41', 'md5-crypt'],
    ['$5$rounds=1000$s$x', 'sha256-crypt'],
    ['$6$s$x', 'sha512-crypt'],
    ['$2y$05$x', 'bcrypt'],
    ['$2b$05$x', 'bcrypt'],
    ['$2a$05$x', 'bcrypt'],
    ['$argon2id$v=19$m=1,t=1,p=1$x$y', 'argon2'],
    ['Qv1pnALi4gL5o', 'des-crypt'],
    ['$y$j9T$salt$hash', 'yescrypt'],
    ['$gy$j9T$salt$hash', 'unchecked'],
    ['$7$CU..../....salt$hash', 'scrypt'],
    ['$sha1$1000$abc$x', 'unchecked'],
    ['$3$$8cc19b6a8cfeac299c2871c86b38de28', 'nt'],
    ['_J9..abcdTZ/33djMPto', 'bsdi-crypt'],
    ['$2x$05$x', 'unchecked'],
    ['!', 'locked'],
    ['plaintext', 'invalid'],
    ['', 'invalid'],
  ])('%s is %s', (hash, id) => {
    expect(passwordHashFormat(hash).id).toBe(id);
  });

  it('the model takes every format the engine checks, and "!"', () => {
    expect(isCheckablePasswordHash('$6$s$x')).toBe(true);
    expect(isCheckablePasswordHash('!')).toBe(true);
    expect(isCheckablePasswordHash('$gy$j9T$salt$hash')).toBe(false);
    expect(isCheckablePasswordHash('secret')).toBe(false);
  });
});
