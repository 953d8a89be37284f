// What the proxies do to an upstream's head, compared whole with nginx: Set-Cookie
// rewritten by proxy_cookie_path / proxy_cookie_domain / proxy_cookie_flags (string and
// regex forms, several rules, off, inheritance), Location and Refresh by proxy_redirect
// (regex, case-insensitive regex, captures, variables, default among other rules, off),
// the headers nginx hides by default and what proxy_pass_header / proxy_hide_header
// change (Server and Date included), the upstream's reason phrase, and heads larger
// than proxy_buffer_size (502). One canned upstream answers by the last path segment.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCannedUpstream, type CannedAnswer, type CannedUpstream } from '../helpers/canned-upstream.ts';
import { comparable, rawGet, type Head } from './harness/head-compare.ts';
import { startNginx } from './harness/nginx.ts';
import { startPortico, type PorticoUnderTest } from './harness/portico.ts';

const HOST = 'heads.example.com';
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-conf-heads-'));
const ok = (headers: readonly string[], status = '200 OK') => `HTTP/1.1 ${status}\r\n${headers.map((h) => `${h}\r\n`).join('')}Content-Length: 2\r\n\r\nok`;
/** A head of exactly `size` bytes: status line, one padding header, Content-Length, blank line. */
const headOf = (size: number) => `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(size - 47)}\r\nContent-Length: 2\r\n\r\nok`;
const HEAD_SIZES = [1000, 1023, 1025, 2048, 4000, 4095, 4097, 4200, 8191, 8193, 9000];

const closing = (bytes: string): CannedAnswer => ({ bytes, thenClose: true });
const answers: Record<string, CannedAnswer> = {
  'cookies-basic': ok([
    'Set-Cookie: sid=1; Path=/app/x; Domain=internal.local; HttpOnly',
    'Set-Cookie: pref=dark; path=/APP/; domain=.Internal.Local',
    'Set-Cookie: plain=1',
    'Set-Cookie: rootp=1; Path=/',
    'Set-Cookie: sub=1; Path=/application; Domain=api.internal.local',
  ]),
  'cookies-spacing': ok([
    'Set-Cookie: x=1;  Path = /app/a ;HttpOnly;',
    'Set-Cookie: noval; Path=/app',
    'Set-Cookie: y=2; Path=/other; Domain=api.internal.local; Path=/app/z',
    'Set-Cookie: e=; Path=',
    'Set-Cookie: q="a;b"; Path=/app/',
  ]),
  'cookies-flags': ok([
    'Set-Cookie: sid=1; Path=/; HttpOnly',
    'Set-Cookie: SID=2; Secure; SameSite=Lax',
    'Set-Cookie: other=3;path=/ ; secure; samesite=strict',
    'Set-Cookie: flagme=4; Secure; HttpOnly; SameSite=None',
    'Set-Cookie: ss=5; SameSite',
    'Set-Cookie: tracker_a=6; Path=/app/t',
    'Set-Cookie: already=7; Secure; HttpOnly; SameSite=Strict',
  ]),
  'cookies-dates': ok([
    'Set-Cookie: sid=1; Expires=Thu, 01 Jan 2037 00:00:00 GMT; Max-Age=100; Path=/app/; Domain=internal.local',
    'Set-Cookie:  spaced = v ; path=/app/q',
    'Set-Cookie: a=b=c; Path=/app/=x; SameSite=Lax; Secure',
  ]),
  'loc-abs': ok(['Location: http://backend.internal:8080/app/x?y=1'], '302 Found'),
  'loc-https': ok(['Location: HTTPS://Backend.Internal/a/b'], '301 Moved Permanently'),
  'loc-rel': ok(['Location: /app/rel'], '302 Found'),
  'loc-other': ok(['Location: http://elsewhere.example/p'], '307 Temporary Redirect'),
  refresh: ok(['Refresh: 3; url=http://backend.internal:8080/app/r']),
  hdrs: ok([
    'Server: up/1.0',
    'Date: Thu, 01 Jan 2015 00:00:00 GMT',
    'X-Pad: avoid browser bug',
    'X-Accel-Charset: utf-8',
    'X-Accel-Buffering: no',
    'X-Accel-Limit-Rate: 100000',
    'X-Accel-Expires: 10',
    'X-Accel-Other: kept',
    'X-Powered-By: PHP',
    'X-Secret: s',
  ]),
  nohdrs: ok([]),
  reason: ok([], '404 Nothing Here'),
  'reason-space': ok([], '200 '),
  'reason-none': ok([], '404'),
  'reason-spaces': ok([], '299 Whatever  Man'),
  'reason-503': ok(['Retry-After: 5'], '503 Back Soon'),
  'reason-utf8': ok([], '404 Introuvable \u00e9t\u00e9'),
  'reason-h10': ok([], '201 Made It').replace('HTTP/1.1', 'HTTP/1.0'),
  'reason-204': 'HTTP/1.1 204 Nothing\r\nContent-Type: text/plain\r\nLast-Modified: Thu, 01 Jan 2015 00:00:00 GMT\r\n\r\n',
  'reason-redirect': ok(['Location: http://backend.internal:8080/app/x'], '302 Over There'),
  'many-headers': `HTTP/1.1 200 OK\r\n${Array.from({ length: 60 }, (_, i) => `X-H${i}: ${'v'.repeat(60)}\r\n`).join('')}Content-Length: 2\r\n\r\nok`,
  ...Object.fromEntries(HEAD_SIZES.map((n) => [`big-${n}`, headOf(n)])),
  // HTTP/0.9 to nginx: no status line it accepts; the bytes until the upstream closes.
  'h09-text': closing('hello world\n'),
  'h09-crlf': closing('HELLO\r\n\r\nabc'),
  'h09-long': closing(`${'x'.repeat(70000)}\nend`),
  'h09-bad-code': closing('HTTP/1.1 abc OK\r\nContent-Length: 2\r\n\r\nok'),
  'h09-lower': closing('http/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'),
  'h09-long-code': closing('HTTP/1.1 2000 OK\r\nContent-Length: 2\r\n\r\nok'),
  'h09-json': closing('{"ok":true}'),
  'odd-dot': 'HTTP/1.1 200. OK\r\nContent-Length: 2\r\n\r\nok',
  'odd-spaces': 'HTTP/1.1  200 OK\r\nContent-Length: 2\r\n\r\nok',
  'odd-version': 'HTTP/2.0 200 OK\r\nContent-Length: 2\r\n\r\nok',
  'odd-version9': 'HTTP/1.9 201 Fine\r\nContent-Length: 2\r\n\r\nok',
  'odd-iis': 'HTTP/1.1 403.1 Forbidden\r\nContent-Length: 2\r\n\r\nok',
};

interface HeadCase {
  desc: string;
  config: string;
  targets: string[];
  /** Facts about nginx's answers (the reference is checked too): target → header → value(s). */
  nginx?: Record<string, { status?: string; cookies?: string[]; headers?: Record<string, string | null> }>;
  /** Documented differences (docs/nginx-compatibility.md): Portico's status line where it differs. */
  portico?: Record<string, string>;
}

const server = (body: string) => `server { listen 80; server_name ${HOST}; ${body} }`;

const cases: HeadCase[] = [
  {
    desc: 'proxy_cookie_path / proxy_cookie_domain: prefixes and domains, several rules, off, variables, inheritance',
    config: server(`
      proxy_cookie_path /app/ /;
      proxy_cookie_domain internal.local example.com;
      location / { proxy_pass http://{{up}}; }
      location /off/ { proxy_pass http://{{up}}; proxy_cookie_path off; }
      location /more/ { proxy_pass http://{{up}}; proxy_cookie_path /app /web; proxy_cookie_path / /root/;
        proxy_cookie_domain .internal.local .example.org; proxy_cookie_domain api.internal.local $host; }
      location /vars/ { proxy_pass http://{{up}}; proxy_cookie_path /app/ /$host/; proxy_cookie_domain off; }`),
    targets: ['/cookies-basic', '/cookies-spacing', '/off/cookies-basic', '/more/cookies-basic', '/more/cookies-spacing', '/vars/cookies-basic', '/vars/cookies-spacing'],
    nginx: {
      '/cookies-basic': { cookies: ['sid=1; Path=/x; Domain=example.com; HttpOnly', 'pref=dark; path=/APP/; domain=.example.com', 'plain=1', 'rootp=1; Path=/', 'sub=1; Path=/application; Domain=api.internal.local'] },
      '/off/cookies-basic': { cookies: ['sid=1; Path=/app/x; Domain=example.com; HttpOnly', 'pref=dark; path=/APP/; domain=.example.com', 'plain=1', 'rootp=1; Path=/', 'sub=1; Path=/application; Domain=api.internal.local'] },
    },
  },
  {
    desc: 'proxy_cookie_path / proxy_cookie_domain with regexes (~, ~*), captures, first match wins',
    config: server(`
      location / { proxy_pass http://{{up}}; proxy_cookie_path ~^/app(/.*)?$ /web$1; proxy_cookie_path ~^/ /fallback;
        proxy_cookie_domain ~^(?:.+\\.)?internal\\.local$ example.com; }
      location /ci/ { proxy_pass http://{{up}}; proxy_cookie_path ~*^/APP/(.*)$ /x/$1; proxy_cookie_domain ~INTERNAL $host; }
      location /cs/ { proxy_pass http://{{up}}; proxy_cookie_path ~^/APP/(.*)$ /x/$1; proxy_cookie_domain ~^api\\.(.*)$ $1; }`),
    targets: ['/cookies-basic', '/cookies-spacing', '/ci/cookies-basic', '/ci/cookies-spacing', '/cs/cookies-basic', '/cs/cookies-spacing'],
    nginx: {
      // ".Internal.Local": the optional "(?:.+\.)?" cannot take the lone dot, so no match.
      '/cookies-basic': { cookies: ['sid=1; Path=/web/x; Domain=example.com; HttpOnly', 'pref=dark; path=/fallback; domain=.Internal.Local', 'plain=1', 'rootp=1; Path=/fallback', 'sub=1; Path=/fallback; Domain=example.com'] },
    },
  },
  {
    desc: 'proxy_cookie_flags: secure, httponly, samesite=…, their no… forms, regex names, first match wins, off, with inherited path rules',
    config: server(`
      proxy_cookie_path /app/ /;
      location / { proxy_pass http://{{up}}; proxy_cookie_flags sid secure samesite=strict; proxy_cookie_flags ~^oth nosecure samesite=none;
        proxy_cookie_flags flagme nosecure nohttponly nosamesite; proxy_cookie_flags ~^tracker_ httponly samesite=lax; proxy_cookie_flags ss samesite=lax;
        proxy_cookie_flags already secure httponly samesite=strict; }
      location /all/ { proxy_pass http://{{up}}; proxy_cookie_flags ~. secure httponly; proxy_cookie_flags sid nosecure; }
      location /case/ { proxy_pass http://{{up}}; proxy_cookie_flags SID Secure SameSite=None; proxy_cookie_flags ~^(ss|plain)$ secure bogus; }
      location /off/ { proxy_pass http://{{up}}; proxy_cookie_flags off; }`),
    targets: ['/cookies-flags', '/cookies-basic', '/all/cookies-flags', '/all/cookies-spacing', '/case/cookies-flags', '/case/cookies-basic', '/off/cookies-flags'],
    nginx: {
      '/cookies-flags': {
        cookies: [
          'sid=1; Path=/; HttpOnly; Secure; SameSite=Strict',
          'SID=2; Secure; SameSite=Strict',
          'other=3; path=/; SameSite=None',
          'flagme=4',
          'ss=5; SameSite=Lax',
          'tracker_a=6; Path=/t; HttpOnly; SameSite=Lax',
          'already=7; Secure; HttpOnly; SameSite=Strict',
        ],
      },
    },
  },
  {
    desc: 'proxy_redirect: regexes with captures, ~* and variables, default next to other rules, plain prefixes, off; Refresh too',
    config: server(`
      location / { proxy_pass http://{{up}}; proxy_redirect ~^http://backend\\.internal:8080/app/(.*)$ /new/$1;
        proxy_redirect ~*^https://backend\\.internal/(.*)$ https://$host/b/$1; }
      location /app/ { proxy_pass http://{{up}}/app/; proxy_redirect default; proxy_redirect ~^http://backend.internal:8080/(.*)$ http://$host:8443/$1; }
      location /str/ { proxy_pass http://{{up}}; proxy_redirect http://backend.internal:8080/ /; proxy_redirect /app/ /str/app/; }
      location /cs/ { proxy_pass http://{{up}}; proxy_redirect ~^https://backend\\.internal/(.*)$ /no/$1; proxy_redirect ~.*elsewhere.* http://$host/other; }
      location /off/ { proxy_pass http://{{up}}; proxy_redirect off; }
      location /rel/ { proxy_pass http://{{up}}; proxy_redirect ~^/(.*)$ /prefix/$1; proxy_redirect ~^http://(?<h>[^/]+)/ http://$host/; }
      location /rel2/ { proxy_pass http://{{up}}/; proxy_redirect / /p2/; proxy_redirect ~*^HTTP://BACKEND http://other; }`),
    targets: [
      '/loc-abs', '/loc-https', '/loc-rel', '/loc-other', '/refresh',
      '/app/loc-abs', '/app/loc-up', '/app/refresh',
      '/str/loc-abs', '/str/loc-rel', '/str/refresh',
      '/cs/loc-https', '/cs/loc-other',
      '/off/loc-abs', '/off/loc-up',
      '/rel/loc-rel', '/rel/loc-abs', '/rel/refresh', '/rel/reason-redirect', '/rel2/loc-rel', '/rel2/loc-abs', '/rel2/refresh', '/rel2/loc-https',
    ],
    nginx: {
      '/loc-abs': { headers: { location: `http://${HOST}:<port>/new/x?y=1` } },
      '/loc-https': { headers: { location: `https://${HOST}/b/a/b` } },
      '/app/loc-abs': { headers: { location: `http://${HOST}:8443/app/x?y=1` } },
    },
  },
  {
    desc: 'headers hidden by default (Date, Server, X-Pad, X-Accel-*), proxy_pass_header and proxy_hide_header, inherited separately',
    config: server(`
      proxy_hide_header X-Secret;
      location / { proxy_pass http://{{up}}; }
      location /pass/ { proxy_pass http://{{up}}/; proxy_pass_header Server; proxy_pass_header Date; proxy_pass_header X-Pad; proxy_pass_header X-Accel-Charset; }
      location /hide/ { proxy_pass http://{{up}}/; proxy_hide_header X-Powered-By; proxy_hide_header X-Secret; proxy_pass_header X-Secret; proxy_pass_header X-Accel-Buffering; }
      location /srv/ { proxy_pass http://{{up}}/; proxy_pass_header server; }
      location /date/ { proxy_pass http://{{up}}/; proxy_pass_header DATE; proxy_pass_header X-Powered-By; }`),
    targets: ['/hdrs', '/nohdrs', '/pass/hdrs', '/pass/nohdrs', '/hide/hdrs', '/srv/hdrs', '/srv/nohdrs', '/date/hdrs', '/date/nohdrs'],
    nginx: {
      '/hdrs': { headers: { server: '<proxy>', date: '<now>', 'x-pad': null, 'x-accel-charset': null, 'x-accel-other': 'kept', 'x-secret': null, 'x-powered-by': 'PHP' } },
      '/pass/hdrs': { headers: { server: 'up/1.0', date: 'Thu, 01 Jan 2015 00:00:00 GMT', 'x-pad': 'avoid browser bug', 'x-accel-charset': 'utf-8', 'x-secret': null } },
      '/pass/nohdrs': { headers: { server: null, date: null } },
      '/hide/hdrs': { headers: { 'x-secret': 's', 'x-powered-by': null, 'x-accel-buffering': 'no' } },
      '/srv/nohdrs': { headers: { server: null, date: '<now>' } },
    },
  },
  {
    desc: "the upstream's reason phrase goes to HTTP/1.1 clients as received",
    config: server(`location / { proxy_pass http://{{up}}; } location /app/ { proxy_pass http://{{up}}; proxy_redirect http://backend.internal:8080/ /; }`),
    targets: ['/reason', '/reason-none', '/reason-space', '/reason-spaces', '/reason-503', '/reason-utf8', '/reason-h10', '/reason-204', '/reason-redirect', '/app/reason-redirect', '/nohdrs'],
    nginx: {
      '/reason': { status: 'HTTP/1.1 404 Nothing Here' },
      '/reason-space': { status: 'HTTP/1.1 200 ' },
      '/reason-none': { status: 'HTTP/1.1 404' },
      '/reason-h10': { status: 'HTTP/1.1 201 Made It' },
      '/reason-204': { status: 'HTTP/1.1 204 Nothing', headers: { 'content-type': 'text/plain', 'last-modified': 'Thu, 01 Jan 2015 00:00:00 GMT' } },
    },
    portico: { '/reason-none': 'HTTP/1.1 404 ' },
  },
  {
    desc: 'the reason phrase of a cached answer: on the miss and on the hit',
    config: `proxy_cache_path ${cacheDir}/reason keys_zone=reason:1m;
      ${server(`location /c/ { proxy_pass http://{{up}}/; proxy_cache reason; proxy_cache_valid 200 404 1m; add_header X-Cache $upstream_cache_status always; }`)}`,
    targets: ['/c/reason', '/c/reason', '/c/reason-spaces', '/c/reason-spaces', '/c/nohdrs', '/c/nohdrs'],
    nginx: { '/c/reason': { status: 'HTTP/1.1 404 Nothing Here' } },
  },
  {
    desc: 'an upstream head larger than proxy_buffer_size (default 4k, 1k, 8k) is 502',
    config: server(`
      location / { proxy_pass http://{{up}}; }
      location /b1/ { proxy_pass http://{{up}}; proxy_buffer_size 1k; }
      location /b8/ { proxy_pass http://{{up}}; proxy_buffer_size 8k; }`),
    targets: [...HEAD_SIZES.flatMap((n) => [`/big-${n}`, `/b1/big-${n}`, `/b8/big-${n}`]), '/many-headers', '/b8/many-headers'],
    nginx: {
      '/big-4095': { status: 'HTTP/1.1 200 OK' },
      '/big-4097': { status: 'HTTP/1.1 502 Bad Gateway' },
      '/b1/big-1023': { status: 'HTTP/1.1 200 OK' },
      '/b1/big-1025': { status: 'HTTP/1.1 502 Bad Gateway' },
      '/b8/big-8191': { status: 'HTTP/1.1 200 OK' },
      '/b8/big-8193': { status: 'HTTP/1.1 502 Bad Gateway' },
      '/many-headers': { status: 'HTTP/1.1 502 Bad Gateway' },
      '/b8/many-headers': { status: 'HTTP/1.1 200 OK' },
    },
  },
  {
    desc: 'an HTTP/0.9 answer (no status line nginx accepts) reaches an HTTP/1.1 client as the bytes received',
    config: server(`location / { proxy_pass http://{{up}}; } location /h/ { proxy_pass http://{{up}}/; add_header X-Added 1; proxy_cookie_path / /x/; }`),
    targets: ['/h09-text', '/h09-crlf', '/h09-long', '/h09-bad-code', '/h09-lower', '/h09-long-code', '/h09-json', '/h/h09-text', '/h/h09-json', '/nohdrs', '/odd-dot', '/odd-spaces', '/odd-version', '/odd-version9', '/odd-iis'],
    nginx: {
      '/h09-text': { status: '' },
      '/h09-json': { status: '' },
      '/odd-dot': { status: 'HTTP/1.1 200. OK' },
      '/odd-spaces': { status: 'HTTP/1.1 200 OK' },
      '/odd-iis': { status: 'HTTP/1.1 403.1 Forbidden' },
    },
    // IIS's "403.1": the code and the text go on, with a space before the dot (documented).
    portico: { '/odd-dot': 'HTTP/1.1 200 . OK', '/odd-iis': 'HTTP/1.1 403 .1 Forbidden' },
  },
  {
    desc: 'inheritance from the http level, regex location captures in rules, Expires with commas, odd spacing',
    config: `proxy_pass_header Server;
      proxy_cookie_path /app/ /;
      proxy_redirect http://backend.internal:8080/ /up/;
      ${server(`
        location / { proxy_pass http://{{up}}; }
        location ~ ^/r/([a-z0-9]+)/ { proxy_pass http://{{up}}; proxy_redirect http://backend.internal:8080/app/ /r/$1/; proxy_cookie_path /app/ /r/$1/; }
        location /own/ { proxy_pass http://{{up}}/; proxy_pass_header Date; proxy_cookie_domain internal.local $host; proxy_cookie_flags ~ secure; }
        location /flags/ { proxy_pass http://{{up}}/; proxy_cookie_flags sid samesite=lax secure; proxy_cookie_flags spaced httponly; proxy_cookie_flags a nosecure samesite=strict; }`)}`,
    targets: [
      '/cookies-dates', '/hdrs', '/loc-abs', '/refresh', '/loc-rel',
      '/r/abc/cookies-dates', '/r/abc/loc-abs', '/r/x1/refresh',
      '/own/cookies-dates', '/own/hdrs', '/own/nohdrs', '/own/loc-abs',
      '/flags/cookies-dates', '/flags/cookies-flags',
    ],
    nginx: {
      '/cookies-dates': { cookies: ['sid=1; Expires=Thu, 01 Jan 2037 00:00:00 GMT; Max-Age=100; Path=/; Domain=internal.local', 'spaced=v; path=/q', 'a=b=c; Path=/=x; SameSite=Lax; Secure'] },
      '/r/abc/loc-abs': { headers: { location: `http://${HOST}:<port>/r/abc/x?y=1` } },
    },
  },
];

function cookiesOf(head: Head): string[] {
  return head.headers.filter(([n]) => n === 'set-cookie').map(([, v]) => v);
}

function valueOf(head: Head, name: string): string | null {
  return head.headers.find(([n]) => n === name)?.[1] ?? null;
}

describe('conformance: upstream heads (cookies, redirects, hidden headers, reason phrases, head size)', () => {
  let upstream: CannedUpstream;
  let portico: PorticoUnderTest;
  beforeAll(async () => {
    upstream = await startCannedUpstream(answers);
    // Answers that name the upstream's own address (proxy_redirect default).
    answers['loc-up'] = ok([`Location: http://${upstream.address}/app/q?z=1`], '302 Found');
    answers['app'] = answers['loc-up'];
    portico = await startPortico();
  });
  afterAll(async () => {
    await portico?.stop();
    await upstream?.close();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  it.each(cases)('$desc', async (c) => {
    const config = c.config.replaceAll('{{up}}', upstream.address);
    const nginx = await startNginx(config);
    try {
      await portico.apply(config);
      for (const target of c.targets) {
        const fromNginx = comparable(await rawGet(nginx.port, target, HOST), nginx.port);
        const facts = c.nginx?.[target];
        if (facts?.status !== undefined) expect.soft(fromNginx.statusLine, `nginx ${target}: status line`).toBe(facts.status);
        if (facts?.cookies !== undefined) expect.soft(cookiesOf(fromNginx), `nginx ${target}: Set-Cookie`).toEqual(facts.cookies);
        for (const [name, value] of Object.entries(facts?.headers ?? {})) expect.soft(valueOf(fromNginx, name), `nginx ${target}: ${name}`).toBe(value);
        const fromPortico = comparable(await rawGet(portico.port, target, HOST), portico.port);
        const differs = c.portico?.[target];
        if (differs !== undefined) expect.soft(fromPortico.statusLine, `Portico ${target} (documented difference)`).toBe(differs);
        else expect.soft(fromPortico, `Portico ${target}`).toEqual(fromNginx);
      }
    } finally {
      await nginx.stop();
    }
  });
});
