// auth_basic_user_file as nginx reads and checks it: every password scheme nginx accepts
// on Debian (its own {PLAIN}, {SHA}, {SSHA}, $apr1$; crypt(3)'s MD5, SHA-256, SHA-512 with
// rounds=, bcrypt $2a$/$2b$/$2y$, DES, BSDi DES, yescrypt, scrypt, NT), hashes made at run time by the tools people use
// (openssl passwd, htpasswd from apache2-utils, mkpasswd from whois, Perl's crypt), the
// file's syntax (comments, CR, user:hash:comment, first entry wins, no trimming) and the
// Authorization header's forms.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { describe, it } from 'vitest';
import { ensureDebianPackages } from '../helpers/stream-servers.ts';
import { itCases, usePortico } from './harness/case-suite.ts';
import { runCase, type Case, type Probe } from './harness/pair.ts';

const host = 'auth.example.com';
const hasTools = ensureDebianPackages({ 'apache2-utils': 'htpasswd', whois: 'mkpasswd', openssl: 'openssl', perl: 'perl' });

const run = (command: string, args: string[]) => execFileSync(command, args, { encoding: 'utf8' }).trim();
/** htpasswd -n prints "user:hash". */
const htpasswd = (flag: string, password: string) => run('htpasswd', ['-nb', flag, 'x', password]).slice(2);
/** Debian's crypt(3), for password bytes that are no text. */
const perlCrypt = (password: Buffer, setting: string) =>
  run('perl', ['-e', 'print crypt(pack("H*", $ARGV[0]), $ARGV[1])', password.toString('hex'), setting]);
const ssha = (password: string, salt: Buffer) => `{SSHA}${Buffer.concat([createHash('sha1').update(password).update(salt).digest(), salt]).toString('base64')}`;
const saltText = (n: number) => [...randomBytes(n)].map((b) => './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'[b & 63]).join('');

const basic = (credentials: string | Buffer) => `Basic ${Buffer.from(credentials).toString('base64')}`;
const get = (target: string, authorization?: string, extra: Partial<Probe['req']> = {}): Probe['req'] => ({
  target,
  host,
  headers: authorization === undefined ? [] : [['Authorization', authorization]],
  ...extra,
});
const accepted = (target: string, user: string, password: string | Buffer): Probe => ({
  req: get(target, basic(Buffer.concat([Buffer.from(`${user}:`), Buffer.from(password)]))),
  expect: { status: 200, upstreams: ['a'] },
});
const refused = (target: string, authorization?: string): Probe => ({ req: get(target, authorization), expect: { status: 401, upstreams: [] } });
const refusedUser = (target: string, user: string, password: string | Buffer) => refused(target, basic(Buffer.concat([Buffer.from(`${user}:`), Buffer.from(password)])));

const server = (locations: string) => `server { listen 80; server_name ${host}; ${locations} }`;

function schemeCase(): Case {
  // One user per scheme, each with its own random password (printable, with spaces and non-ASCII).
  const password = () => `${randomBytes(6).toString('base64')} é${randomBytes(3).toString('hex')}`;
  const made: [string, string, string][] = [];
  const add = (user: string, make: (p: string) => string) => {
    const p = password();
    made.push([user, p, make(p)]);
  };
  add('plain', (p) => `{PLAIN}${p}`);
  add('sha', (p) => htpasswd('-s', p));
  add('ssha', (p) => ssha(p, randomBytes(8)));
  add('ssha0', (p) => ssha(p, Buffer.alloc(0)));
  add('apr1', (p) => run('openssl', ['passwd', '-apr1', p]));
  add('apr1m', (p) => htpasswd('-m', p));
  add('md5', (p) => run('openssl', ['passwd', '-1', p]));
  add('sha256', (p) => run('openssl', ['passwd', '-5', p]));
  add('sha512', (p) => run('openssl', ['passwd', '-6', p]));
  add('sha256r', (p) => run('mkpasswd', ['-m', 'sha256crypt', '-R', '1234', p]));
  add('sha512r', (p) => run('mkpasswd', ['-m', 'sha512crypt', '-R', '7000', p]));
  add('bcrypt2y', (p) => htpasswd('-B', p));
  add('bcrypt2b', (p) => run('mkpasswd', ['-m', 'bcrypt', '-R', '5', p]));
  add('bcrypt2a', (p) => run('mkpasswd', ['-m', 'bcrypt-a', '-R', '4', p]));
  add('des', (p) => run('mkpasswd', ['-m', 'descrypt', p]));
  // Lower costs than mkpasswd's default (-R 5) keep each check well under the probe's timeout on a busy machine.
  add('yescrypt', (p) => run('mkpasswd', ['-m', 'yescrypt', '-R', '1', p]));
  add('yescrypt3', (p) => run('mkpasswd', ['-m', 'yescrypt', '-R', '3', p]));
  add('scrypt', (p) => run('mkpasswd', ['-m', 'scrypt', '-R', '6', p]));
  add('nt', (p) => run('mkpasswd', ['-m', 'nt', p]));
  add('bsdi', (p) => run('mkpasswd', ['-m', 'bsdicrypt', p]));
  add('desh', (p) => spawnSync('htpasswd', ['-nbd', 'x', p], { encoding: 'utf8' }).stdout.trim().slice(2));
  const bytes = Buffer.from([0xff, 0x80, 0x41, 0xe9, 0x20]);
  const binary: [string, string][] = [
    ['bin-md5', perlCrypt(bytes, `$1$${saltText(8)}$`)],
    ['bin-sha512', perlCrypt(bytes, `$6$${saltText(16)}$`)],
    ['bin-des', perlCrypt(bytes, saltText(2))],
    ['bin-nt', perlCrypt(bytes, '$3$')],
  ];
  const file = [...made.map(([u, , h]) => `${u}:${h}`), ...binary.map(([u, h]) => `${u}:${h}`)].join('\n') + '\n';
  return {
    desc: 'every scheme nginx checks on Debian, made by openssl passwd, htpasswd, mkpasswd, crypt(3)',
    config: server(`location / { auth_basic "Schemes"; auth_basic_user_file users; proxy_pass http://{{a}}; }`),
    options: { files: { users: file } },
    probes: [
      ...made.flatMap(([u, p]) => [
        accepted(`/${u}`, u, p),
        refusedUser(`/${u}`, u, `${p.startsWith('Q') ? 'R' : 'Q'}${p.slice(1)}`),
        // DES reads 8 bytes: a longer password with the same start is the same password.
        u.startsWith('des') ? accepted(`/${u}`, u, `${p}x`) : refusedUser(`/${u}`, u, `${p}x`),
        refusedUser(`/${u}`, u, p.slice(1)),
        refusedUser(`/${u}`, u.toUpperCase(), p),
      ]),
      ...binary.flatMap(([u]) => [accepted(`/${u}`, u, bytes), refusedUser(`/${u}`, u, Buffer.from([0xff, 0x80, 0x41, 0xe9, 0x21]))]),
      // DES reads the first 8 bytes only.
      accepted('/des8', 'des', Buffer.concat([Buffer.from(made.find(([u]) => u === 'des')![1].slice(0, 8)), Buffer.from('anything')])),
      // A password cut at a NUL byte is what nginx's C strings see.
      accepted('/nul', 'plain', Buffer.concat([Buffer.from(made[0]![1]), Buffer.from([0]), Buffer.from('tail')])),
      refused('/none'),
    ],
  };
}

const cases: Case[] = [
  {
    desc: "the file's syntax: comments, empty lines, CRLF, user:hash:comment, first entry wins, no trimming, the colon-free line quirk",
    config: server(`location / { auth_basic "Syntax"; auth_basic_user_file conf/htpasswd; proxy_pass http://{{a}}; }`),
    options: {
      files: {
        'conf/htpasswd': [
          '# comment:{PLAIN}x',
          '',
          'alice:{PLAIN}wonderland:Alice Liddell',
          'bob:{PLAIN}builder\r',
          'alice:{PLAIN}second',
          ' carol:{PLAIN}spaced',
          'dave:{PLAIN}a:b',
          'eve:',
          'mal',
          'mallory:{PLAIN}hidden',
          'mallory:{PLAIN}seen',
          'frank#:{PLAIN}f',
          '\rgina:{PLAIN}g',
          'jörg:{PLAIN}grüße',
          'hank:{PLAIN}last-line-without-break',
        ].join('\n'),
      },
    },
    probes: [
      accepted('/1', 'alice', 'wonderland'),
      refusedUser('/2', 'alice', 'second'),
      refusedUser('/3', 'alice', 'wonderland:Alice Liddell'),
      accepted('/4', 'bob', 'builder'),
      refusedUser('/5', 'bob', 'builder\r'),
      accepted('/6', ' carol', 'spaced'),
      refusedUser('/7', 'carol', 'spaced'),
      accepted('/8', 'dave', 'a'),
      refusedUser('/9', 'dave', 'a:b'),
      refusedUser('/10', 'eve', ''),
      refusedUser('/11', 'mallory', 'hidden'),
      accepted('/12', 'mallory', 'seen'),
      refusedUser('/13', 'mal', ''),
      accepted('/14', 'frank#', 'f'),
      refusedUser('/15', 'gina', 'g'),
      accepted('/16', 'hank', 'last-line-without-break'),
      refusedUser('/17', '# comment', 'x'),
      accepted('/18', 'jörg', 'grüße'),
      refusedUser('/19', 'jorg', 'grüße'),
    ],
  },
  {
    desc: 'the Authorization header: case of "Basic", spaces, strict base64, empty or missing user, a ":" in the password',
    config: server(`location / { auth_basic "Header"; auth_basic_user_file users; proxy_pass http://{{a}}; }`),
    options: { files: { users: 'alice:{PLAIN}pa:ss\nbob:{PLAIN}\nzed:{PLAIN}x\n' } },
    probes: [
      accepted('/1', 'alice', 'pa'),
      { req: get('/2', `basic ${Buffer.from('alice:pa').toString('base64')}`), expect: { status: 200 } },
      { req: get('/3', `BASIC    ${Buffer.from('alice:pa').toString('base64')}`), expect: { status: 200 } },
      // Padding may be left off; anything after "=" is not read.
      { req: get('/4', `Basic ${Buffer.from('alice:pa').toString('base64').replace(/=+$/, '')}`), expect: { status: 200 } },
      { req: get('/5', `Basic ${Buffer.from('alice:pa').toString('base64')}=junk`), expect: { status: 200 } },
      refused('/6', `Basic ${Buffer.from('alice:pa').toString('base64').replace(/^(.)/, '$1!')}`),
      refused('/7', `Basic ${Buffer.from('alice:pa').toString('base64').replace(/=+$/, '')}AB`),
      refused('/8', `Basic`),
      refused('/9', `Basic `),
      refused('/10', `Bearer ${Buffer.from('alice:pa').toString('base64')}`),
      refused('/11', basic('alicepa')),
      refused('/12', basic(':pa')),
      accepted('/13', 'bob', ''),
      refusedUser('/14', 'bob', 'x'),
      refusedUser('/15', 'alice', 'pa:ss'),
      refused('/16', `Basic\t${Buffer.from('alice:pa').toString('base64')}`),
      accepted('/17', 'zed', 'x'),
    ],
  },
  {
    desc: 'values nothing matches: empty, not a hash, rounds below 1000, a locked "!"; other users still get in',
    config: server(`location / { auth_basic "Broken"; auth_basic_user_file users; proxy_pass http://{{a}}; }`),
    options: { files: { users: 'a:\nb:secret\nc:$5$rounds=999$salt$xxxx\nd:!\ne:*\nf:$1$sa:lt$x\ng:{PLAIN}ok\n' } },
    probes: [
      refusedUser('/a', 'a', ''),
      refusedUser('/b', 'b', 'secret'),
      refusedUser('/c', 'c', 'x'),
      refusedUser('/d', 'd', '!'),
      refusedUser('/e', 'e', '*'),
      refusedUser('/f', 'f', 'x'),
      accepted('/g', 'g', 'ok'),
    ],
  },
  {
    desc: 'a file whose users can never log in still asks (401), it does not forbid',
    config: server(`location / { auth_basic "Locked"; auth_basic_user_file users; proxy_pass http://{{a}}; }`),
    options: { files: { users: 'a:\nb:plaintext\n' } },
    probes: [refused('/'), refusedUser('/a', 'a', ''), refusedUser('/b', 'b', 'plaintext')],
  },
  {
    desc: 'auth_basic with satisfy any, address rules, auth_basic off in a nested location, the realm',
    config: server(`auth_basic "Outer realm"; auth_basic_user_file users;
      location / { proxy_pass http://{{a}}; }
      location /open/ { auth_basic off; proxy_pass http://{{a}}; }
      location /any/ { satisfy any; allow 127.0.0.1; deny all; proxy_pass http://{{a}}; }
      location /inner/ { auth_basic "Inner"; proxy_pass http://{{a}}; }`),
    options: { files: { users: 'u:$apr1$Q4qn6cu7$ukjDdPkDM.Fdj0EMMx1gT0\n' } },
    probes: [
      { req: get('/x'), expect: { status: 401, headers: { 'www-authenticate': 'Basic realm="Outer realm"' } } },
      { req: get('/inner/x'), expect: { status: 401, headers: { 'www-authenticate': 'Basic realm="Inner"' } } },
      { req: get('/open/x'), expect: { status: 200 } },
      { req: get('/any/x'), expect: { status: 200 } },
      { req: get('/any/x', undefined, { localAddress: '127.0.0.2' }), expect: { status: 401 } },
      { req: get('/any/x', basic('u:secret'), { localAddress: '127.0.0.2' }), expect: { status: 200 } },
      { req: get('/x', basic('u:secret')), expect: { status: 200, upstreamHeaders: { authorization: basic('u:secret') } } },
    ],
  },
  {
    desc: 'the realm as configured: quotes, backslashes, empty, non-ASCII',
    config: server(`auth_basic_user_file users;
      location /q/ { auth_basic "say \\"hi\\" \\\\ there"; proxy_pass http://{{a}}; }
      location /e/ { auth_basic ""; proxy_pass http://{{a}}; }
      location /s/ { auth_basic 'single quoted'; proxy_pass http://{{a}}; }
      location /u/ { auth_basic "Área € 保護"; proxy_pass http://{{a}}; }`),
    options: { files: { users: 'u:{PLAIN}p\n' } },
    probes: [refused('/q/'), refused('/e/'), refused('/s/'), refused('/u/'), accepted('/u/', 'u', 'p')],
  },
  {
    desc: 'a repeated Authorization (or another header nginx takes once) is 400, with or without auth_basic',
    config: server(`location /auth/ { auth_basic "r"; auth_basic_user_file users; proxy_pass http://{{a}}; }
      location / { proxy_pass http://{{a}}; }`),
    options: { files: { users: 'u:{PLAIN}p\n' } },
    probes: [
      { req: get('/auth/x', undefined, { headers: [['Authorization', basic('u:p')], ['Authorization', basic('u:p')]] }), expect: { status: 400 } },
      { req: get('/auth/x', undefined, { headers: [['Authorization', basic('u:x')], ['authorization', basic('u:p')]] }), expect: { status: 400 } },
      { req: get('/open', undefined, { headers: [['Authorization', 'Bearer a'], ['Authorization', 'Bearer b']] }), expect: { status: 400 } },
      ...['If-Modified-Since', 'If-Unmodified-Since', 'If-Match', 'If-None-Match', 'If-Range', 'Content-Range'].map((name) => ({
        req: get('/open', undefined, { headers: [[name, 'a'], [name, 'a']] as [string, string][] }),
        expect: { status: 400 },
      })),
      // Headers nginx keeps repeated.
      ...['User-Agent', 'Referer', 'Range', 'Accept', 'Cookie', 'Via'].map((name) => ({
        req: get('/open', undefined, { headers: [[name, 'a'], [name, 'b']] as [string, string][] }),
        expect: { status: 200 },
      })),
    ],
  },
];

describe.skipIf(!hasTools)('conformance: auth_basic_user_file', () => {
  const portico = usePortico();
  it('every password scheme', async () => {
    await runCase(portico(), schemeCase());
  }, 180_000);

  itCases(portico, cases);
});
