// The password schemes nginx accepts in auth_basic_user_file, checked against hashes made
// by the tools people use (openssl passwd, htpasswd, mkpasswd), and against Debian's own
// crypt(3) (through Perl, which calls it) on random passwords, bytes that are not UTF-8
// included.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from './verify-password.ts';

const pw = (text: string) => Buffer.from(text, 'utf8');

// [password, hash] made on Debian 12 by openssl passwd -1/-apr1/-5/-6, htpasswd -B/-m/-s/-d, mkpasswd.
const MADE_BY_TOOLS: [string, string][] = [
  ['secret', '$1$tmgC4ENT$zCXvucstOAPTXkD.3xfM41'],
  ['secret', '$apr1$vCdKB7yE$kaJSqPwHUzXX9D8w5hCl81'],
  ['secret', '$5$4T4hVvB9mxzBS5A7$Gii61aOFcHJNG9xZsQtcSUji5L4UOfX5GmXZr2T71x5'],
  ['secret', '$6$nfxHbh38lUkRSgvX$tuvNyIBGQhttuV8bZH730.lwIPmR4tWDilw658Nuzzlkc08BLrCdVWKPmqLAftX93G.uflSjndVpa9FTFaCb7.'],
  ['secret', '$5$saltsaltsaltsalt$X0ra9qlY7TJaGBDgorLevriQfwysW8fXnbybcO4mF4/'],
  ['secret', '$2y$05$yGvN8DQlxD9mgLvUK.S5De39bIyF76uth9ujwy/hehXWGaNF1.mBi'],
  ['secret', '{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ='],
  ['secret', 'Qv1pnALi4gL5o'],
  ['secret', '$6$rounds=12345$3NNZkLnmX.DhYGgj$0W9ws4Y9qO2fJBehvQxV1L785sAbc6xgXUUB5vXfHyy3Ak1vNhcaBPdDUrEOEQECaPZRorwkBh13IfgLVNEGD/'],
  ['secret', '$2a$05$6Nr.vTjmmrIxcnz9ltMNvuBVH4tqpHCtjavHDMw/hY3giNR0UtusW'],
  ['secret', 'E0Ol8n80zUUj.'],
  ['secret', '$y$j9T$kcyUgxSmhGQBjvV0PebXx0$XmvxxZdiGbvokEGenqHE1hNipV3iDOZWtnGT2lrEJd7'],
  ['pw', '$y$j75$JnHX6kki6ad3wVZtcMZdP1$SmpnDdpmMLraF5g2c7SIqfi6C4KKsbUiSOD9mPqai4/'],
  ['secret', '$7$CU..../....bq5Imfh2j3MMPLRk6qkZv1$Gj6Yv2u4EEtSStV88pI4bXY6A1mqo3SbdeC7PPTUUv8'],
  ['pw', '$3$$8cc19b6a8cfeac299c2871c86b38de28'],
  ['pw', '_J9..abcdTZ/33djMPto'],
  ['pässwörd', '$1$w4ePcIdC$ufP3JE4p8Wia1KyOHG7Qq/'],
  ['pässwörd', '$apr1$bv0Xto7E$lbHN1GK2l3Nwz9cogMLVj/'],
  ['pässwörd', '$5$TpY.z9bRX2X1y9Ha$dlY2I/PdeCDqcVQ7qsjE4y8gA/STWH46lBbfjaPM.T7'],
  ['pässwörd', '$6$pD4pPp6wME/judn5$a.ShHNazA7Yq5xGDrcq3UvGY9IkJYyajzyoDshKsWEnYOYlEE8Qm0aPoICSl4dRKOSUVb93/M1QeqRYEnYTPp1'],
  ['pässwörd', '$2y$05$ri1uZMnybJjPREm4yVLUpeowxFmCzWq3PgpPMOwTQ0uAqYfgy1n4a'],
  ['pässwörd', '{SHA}9Rfd8dMqES/xrVXGbRsSyzjn6Pc='],
  ['pässwörd', 'XQ36RGj4jHTZ6'],
  ['pässwörd', '$2a$05$oh6jusetonrU9xFytHfx3./AGeD3k3fWjnPbVOdUrqlVfXUppfyZm'],
  ['a much longer passphrase with spaces', '$1$lo4iQQTB$02V0zJxLB43/iqs8NK8PS.'],
  ['a much longer passphrase with spaces', '$apr1$uPNB6Gth$J6Pyg6HAtGS5zdiK6CzXq.'],
  ['a much longer passphrase with spaces', '$5$Xfy5ihUQXzX5aOBV$eYgp2R0nPF11dnMRoJcCMNDidWrfN8N1otob4h7Cjs3'],
  ['a much longer passphrase with spaces', '$6$xp2BDn/rrgINUEWN$y0ixyuttg5NM0lb51nItnxsOX/joAy4SNol6N7nJ2kzlLh49ODekuXCJlxrnliUQm3zd2mXyslYecLK3HUWGh1'],
  ['a much longer passphrase with spaces', '$2y$05$PLAAxSnFxWytZeOcdOzY4exvIPrmWq9wrzezTxoUZmNVxOCh3lWOS'],
  ['a much longer passphrase with spaces', '{SHA}wI0AIpjRJgcuzPH7dI5UXNNAAAc='],
  // DES reads 8 characters: the rest of the password does not count.
  ['a much longer passphrase with spaces', '2IJKmQnqvx9c.'],
  ['a much l', '2IJKmQnqvx9c.'],
];

const ssha = (password: string, salt: Buffer) => `{SSHA}${Buffer.concat([createHash('sha1').update(password).update(salt).digest(), salt]).toString('base64')}`;

describe('password schemes of auth_basic_user_file', () => {
  it.each(MADE_BY_TOOLS)('%s matches %s, and a wrong password does not', async (password, hash) => {
    expect(await verifyPassword(pw(password), hash)).toBe(true);
    expect(await verifyPassword(pw(`Q${password.slice(1)}`), hash)).toBe(false);
    expect(await verifyPassword(pw(''), hash)).toBe(false);
  });

  it('{PLAIN}, {SHA} and {SSHA} as nginx builds them (exact base64, with padding)', async () => {
    expect(await verifyPassword(pw('open sesame'), '{PLAIN}open sesame')).toBe(true);
    expect(await verifyPassword(pw('open sesame'), '{PLAIN}open sesam')).toBe(false);
    expect(await verifyPassword(pw('grüße'), '{PLAIN}grüße')).toBe(true);
    const salted = ssha('secret', Buffer.from('0123'));
    expect(await verifyPassword(pw('secret'), salted)).toBe(true);
    expect(await verifyPassword(pw('secret'), ssha('secret', Buffer.from('a longer salt of 24 byte')))).toBe(true);
    expect(await verifyPassword(pw('Secret'), salted)).toBe(false);
    // Without its "=" padding the value is not what nginx writes: it never matches.
    expect(await verifyPassword(pw('secret'), '{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ')).toBe(false);
    // {SSHA} with no salt is SHA-1 of the password alone.
    expect(await verifyPassword(pw('secret'), `{SSHA}${createHash('sha1').update('secret').digest('base64')}`)).toBe(true);
  });

  it('the password ends at a NUL byte, as a C string does for nginx', async () => {
    expect(await verifyPassword(Buffer.from('secret\0junk'), '{PLAIN}secret')).toBe(true);
    expect(await verifyPassword(Buffer.from('secret\0junk'), '$1$tmgC4ENT$zCXvucstOAPTXkD.3xfM41')).toBe(true);
  });

  it('settings crypt(3) refuses match nothing (rounds below 1000, a leading zero, locked, garbage)', async () => {
    for (const hash of ['$y$j9T$kcyUgxSmhGQBjvV0PebXx1$XmvxxZdiGbvokEGenqHE1hNipV3iDOZWtnGT2lrEJd7', '$y$j9T$kcyUgxSmhGQBjvV0PebXx0$XmvxxZdiGbvokEGenqHE1hNipV3iDOZWtnGT2lrEJd8', '$5$rounds=999$salt$x', '$5$rounds=01000$salt$x', '!', '*', 'plaintext', '', '$2x$05$6Nr.vTjmmrIxcnz9ltMNvuBVH4tqpHCtjavHDMw/hY3giNR0UtusW']) {
      expect(await verifyPassword(pw('secret'), hash), hash).toBe(false);
    }
  });
});

const perl = spawnSync('perl', ['-e', '1']).status === 0;

/** Debian's crypt(3) of each [password bytes, setting]. */
function systemCrypt(cases: [Buffer, string][]): string[] {
  const input = cases.map(([p, s]) => `${p.toString('hex')} ${Buffer.from(s).toString('hex')}`).join('\n');
  const script = 'while (<STDIN>) { chomp; my ($p, $s) = split / /; print crypt(pack("H*", $p), pack("H*", $s)), "\\n" }';
  const run = spawnSync('perl', ['-e', script], { input, encoding: 'utf8' });
  return run.stdout.trim().split('\n');
}

describe.skipIf(!perl)("the same results as Debian's crypt(3)", () => {
  const salt = (n: number) => [...randomBytes(n)].map((b) => './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'[b & 63]).join('');
  const passwords = [Buffer.alloc(0), Buffer.from('x'), randomBytes(7), randomBytes(16), randomBytes(33), randomBytes(80), Buffer.from([0xff, 0xfe, 0x80, 0x41]), Buffer.from('pässwörd')].map((p) => {
    const nul = p.indexOf(0);
    return nul < 0 ? p : p.subarray(0, nul);
  });
  const settings = [
    () => `$1$${salt(8)}$`,
    () => `$1$${salt(3)}`,
    () => `$5$${salt(16)}$`,
    () => `$5$rounds=1000$${salt(5)}$`,
    () => `$6$${salt(12)}$`,
    () => `$6$rounds=2001$${salt(16)}$`,
    () => salt(2),
    () => `$2b$04$${salt(21)}.`,
    () => `$2y$04$${salt(21)}O`,
    () => `$2a$04$${salt(21)}e`,
    // yescrypt at low costs (N = 1024 and 512, r = 8), with salts mkpasswd made.
    () => '$y$j75$JnHX6kki6ad3wVZtcMZdP1$',
    () => '$y$j65$kcyUgxSmhGQBjvV0PebXx0$',
    // yescrypt's other flavours: classic scrypt ("."), and WORM ("/").
    () => '$y$.75$JnHX6kki6ad3wVZtcMZdP1$',
    () => '$y$/75$JnHX6kki6ad3wVZtcMZdP1$',
    () => `$7$9/..../....${salt(12)}$`,
    () => '$3$',
    () => `_J9..${salt(4)}`,
    () => `_/...${salt(4)}`,
  ];
  const cases: [Buffer, string][] = passwords.flatMap((p) => settings.map((s): [Buffer, string] => [p, s()]));

  it('every scheme, every password: the crypt(3) result verifies, and only for its password', async () => {
    const results = systemCrypt(cases);
    for (const [i, [password, setting]] of cases.entries()) {
      const hash = results[i]!;
      expect(hash.startsWith('*'), `${setting}: ${hash}`).toBe(false);
      const isBcrypt = setting.startsWith('$2');
      // bcryptjs hashes text: only UTF-8 passwords can be checked (the documented limit).
      const checkable = !isBcrypt || Buffer.from(password.toString('utf8'), 'utf8').equals(password);
      expect(await verifyPassword(password, hash), `${password.toString('hex')} ${hash}`).toBe(checkable);
      expect(await verifyPassword(Buffer.concat([Buffer.from('!'), password]), hash), `wrong password for ${hash}`).toBe(false);
    }
  }, 60_000);
});
