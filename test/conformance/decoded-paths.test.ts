// Regex locations, rewrites and `$uri` see the decoded URI, as nginx: "/a%20b" is "/a b",
// "/caf%C3%A9" is "/café" (UTF-8 bytes: a regex matches bytes), "/100%25" is "/100%".
// What goes upstream stays what nginx sends: the target as received without a URI part,
// the decoded path escaped again with one. `$uri` in bodies, headers and redirects is the
// decoded form, byte for byte.
import { describeCases } from './harness/case-suite.ts';
import { requestsTo, type Case } from './harness/pair.ts';

const host = 'paths.example.com';
const req = requestsTo(host);
/** The bytes of UTF-8 text as the harness compares them (one char per byte). */
const bytes = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

const cases: Case[] = [
  {
    desc: 'regex locations match the decoded URI: spaces, UTF-8 letters, %, ?, an escaped escape',
    config: `server { listen 80; server_name ${host};
      location ~ "^/a b$" { return 200 "space uri=$uri"; }
      location ~ ^/café$ { return 200 "cafe uri=$uri"; }
      location ~ ^/caf.\\.txt$ { return 200 "one byte"; }
      location ~ ^/caf..\\.txt$ { return 200 "two bytes"; }
      location ~ ^/100%$ { return 200 "percent uri=$uri"; }
      location ~ "%20" { return 200 "literal escape uri=$uri"; }
      location ~ "\\?x$" { return 200 "question uri=$uri"; }
      location ~* "^/MIXED CASE$" { return 200 "icase uri=$uri"; }
      location ~ "^/([a-z]+) (\\d+)$" { return 200 "captures $1 $2"; }
      location / { return 200 "fallback uri=$uri"; } }`,
    probes: [
      { req: req('/a%20b'), expect: { status: 200, body: 'space uri=/a b' } },
      { req: req('/a b'.replace(' ', '%20') + '?q=1'), expect: { status: 200, body: 'space uri=/a b' } },
      { req: req('/caf%C3%A9'), expect: { status: 200, body: bytes('cafe uri=/café') } },
      { req: req('/caf%c3%a9'), expect: { status: 200, body: bytes('cafe uri=/café') } },
      { req: req('/cafe.txt'), expect: { status: 200, body: 'one byte' } },
      { req: req('/caf%C3%A9.txt'), expect: { status: 200, body: 'two bytes' } },
      { req: req('/100%25'), expect: { status: 200, body: 'percent uri=/100%' } },
      { req: req('/x%2520y'), expect: { status: 200, body: 'literal escape uri=/x%20y' } },
      { req: req('/q%3Fx'), expect: { status: 200, body: 'question uri=/q?x' } },
      { req: req('/mixed%20case'), expect: { status: 200, body: 'icase uri=/mixed case' } },
      { req: req('/hello%2042'), expect: { status: 200, body: 'captures hello 42' } },
      { req: req('/%E2%82%AC'), expect: { status: 200, body: bytes('fallback uri=/€') } },
      { req: req('/a%20b/../a%20b') },
      { req: req('/x/%2e%2e/a%20b') },
      { req: req('/a+b') },
      { req: req('/%7Euser') },
    ],
  },
  {
    desc: '$uri in headers, redirects and upstream headers is decoded; what goes upstream stays as nginx sends it',
    config: `server { listen 80; server_name ${host};
      location /h/ { add_header X-Uri $uri; proxy_set_header X-Uri $uri; proxy_pass http://{{a}}; }
      location /p/ { proxy_pass http://{{a}}/q/; }
      location ~ ^/r/ { proxy_pass http://{{a}}; }
      location /go/ { return 301 https://example.org$uri; }
      location /rel/ { return 302 /moved$uri; }
      location ~ ^/cap/(.*)$ { add_header X-Cap $1; return 302 /to/$1; }
      location ~ ^/body/(.*)$ { return 200 "[$1] [$uri] [$request_uri]"; } }`,
    probes: [
      { req: req('/h/a%20b'), expect: { status: 200, target: '/h/a%20b', headers: { 'x-uri': '/h/a b' }, upstreamHeaders: { 'x-uri': '/h/a b' } } },
      { req: req('/h/caf%C3%A9?x=%20'), expect: { status: 200, target: '/h/caf%C3%A9?x=%20', headers: { 'x-uri': bytes('/h/café') } } },
      { req: req('/h/100%25'), expect: { status: 200, headers: { 'x-uri': '/h/100%' } } },
      { req: req('/p/a%20b/caf%C3%A9'), expect: { status: 200, target: '/q/a%20b/caf%C3%A9' } },
      { req: req('/p/100%25?y=1'), expect: { status: 200, target: '/q/100%25?y=1' } },
      { req: req('/p/%7Ex'), expect: { status: 200 } },
      { req: req('/r/a%20b'), expect: { status: 200, target: '/r/a%20b' } },
      { req: req('/r/caf%c3%a9'), expect: { status: 200, target: '/r/caf%c3%a9' } },
      { req: req('/go/a%20b'), expect: { status: 301, headers: { location: 'https://example.org/go/a b' } } },
      { req: req('/go/caf%C3%A9'), expect: { status: 301, headers: { location: bytes('https://example.org/go/café') } } },
      { req: req('/rel/x%3Fy') },
      { req: req('/cap/a%20b') },
      { req: req('/cap/caf%C3%A9?q=%20') },
      { req: req('/cap/x%3Fy%23z') },
      { req: req('/body/a%20b%2520c?x=%41') },
      { req: req('/body/caf%C3%A9/..%2F%7E') },
    ],
  },
  {
    desc: 'rewrite regexes match the decoded URI; their captures keep their bytes in the new URI',
    config: `server { listen 80; server_name ${host};
      rewrite "^/old/(\\w+) (\\w+)$" /new/$1-$2 last;
      location /new/ { return 200 "new uri=$uri"; }
      location /enc/ { rewrite ^/enc/(.*)$ /dec/$1 last; }
      location /dec/ { proxy_pass http://{{a}}; }
      location /brk/ { rewrite ^/brk/(.*)$ /dec/$1 break; proxy_pass http://{{a}}; }
      location / { return 200 "rest uri=$uri"; } }`,
    probes: [
      { req: req('/old/a%20b'), expect: { status: 200, body: 'new uri=/new/a-b' } },
      { req: req('/enc/a%20b'), expect: { status: 200, target: '/dec/a%20b' } },
      { req: req('/enc/caf%C3%A9'), expect: { status: 200, target: '/dec/caf%C3%A9' } },
      { req: req('/enc/100%25'), expect: { status: 200, target: '/dec/100%25' } },
      { req: req('/enc/x%3Fy?z=1'), expect: { status: 200, target: '/dec/x%3Fy?z=1' } },
      { req: req('/brk/a%20b') },
    ],
  },
];

describeCases('conformance: decoded paths', cases, { timeoutMs: 30_000 });
