// nginx's charset module: `charset`, `source_charset`, `override_charset` and
// `charset_types` at the http, server and location levels, on answers of `return`,
// generated error pages, redirects, static files and proxied answers that carry (or not)
// a charset of their own (the upstream's /ctype?ct=… keyword chooses its Content-Type).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeCases } from './harness/case-suite.ts';
import { requestsTo, type Case } from './harness/pair.ts';

const host = 'cs.example.com';
const req = requestsTo(host);
const ct = (type: string) => `/ctype?ct=${encodeURIComponent(type)}`;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-conf-charset-'));
for (const [file, body] of [['index.html', '<p>i</p>\n'], ['a.txt', 'a\n'], ['b.json', '{}\n'], ['c.xml', '<c/>\n'], ['d.js', 'd()\n'], ['e.css', 'e{}\n'], ['noext', 'n\n']]) {
  fs.writeFileSync(path.join(root, file!), body!);
}

const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-conf-charset-cache-'));
const type = (value: string | null) => ({ headers: { 'content-type': value } });

const cases: Case[] = [
  {
    desc: 'charset at the http level: return texts by type, charset off in a location, charset_types in another',
    config: `charset utf-8;
      server { listen 80; server_name ${host};
        location / { return 200 "x"; }
        location /json/ { default_type application/json; return 200 "{}"; }
        location /off/ { charset off; return 200 "x"; }
        location /types/ { charset_types application/json; default_type application/json; return 200 "{}"; }
        location /typesplain/ { charset_types application/json; return 200 "x"; }
        location /typeshtml/ { charset_types application/json; return 200 "<p>"; }
        location /all/ { charset_types *; default_type image/png; return 200 "x"; }
        location /param/ { default_type "text/plain; charset=latin1"; return 200 "x"; }
        location /paramall/ { charset_types *; default_type "text/plain; charset=latin1"; return 200 "x"; }
        location /upper/ { default_type TEXT/PLAIN; return 200 "x"; } }`,
    probes: [
      { req: req('/doc.txt'), expect: type('text/plain; charset=utf-8') },
      { req: req('/page.html'), expect: type('text/html; charset=utf-8') },
      { req: req('/pic.gif'), expect: type('image/gif') },
      { req: req('/json/x'), expect: type('application/json') },
      { req: req('/off/x'), expect: type('text/plain') },
      { req: req('/types/x'), expect: type('application/json; charset=utf-8') },
      { req: req('/typesplain/x') },
      { req: req('/typeshtml/x.html'), expect: type('text/html; charset=utf-8') },
      { req: req('/all/x'), expect: type('image/png; charset=utf-8') },
      { req: req('/param/x') },
      { req: req('/paramall/x') },
      { req: req('/upper/x') },
    ],
  },
  {
    desc: 'charset per server and per location, a name kept as written, redirects and generated pages',
    config: `server { listen 80; server_name ${host};
        charset KOI8-R;
        location / { return 200 "x"; }
        location /win/ { charset windows-1251; return 200 "x"; }
        location /r301 { return 301 /to; }
        location /r302 { return 302 /to; }
        location /r303 { return 303 /to; }
        location /r307 { return 307 /to; }
        location /r308 { return 308 http://elsewhere.example/; }
        location /e404 { return 404; }
        location /e500 { return 500; }
        location /e403 { deny all; }
        location /t204 { return 204; }
        location /dir { return 200 "x"; } }
      server { listen 80; server_name other.example.com; location / { return 200 "x"; } }`,
    // Generated pages (redirects, errors) compared with their Content-Type.
    options: { strictPages: true },
    probes: [
      { req: req('/a.txt'), expect: type('text/plain; charset=KOI8-R') },
      { req: req('/win/a.txt'), expect: type('text/plain; charset=windows-1251') },
      { req: req('/r301'), expect: { status: 301 } },
      { req: req('/r302'), expect: { status: 302 } },
      { req: req('/r303'), expect: { status: 303 } },
      { req: req('/r307'), expect: { status: 307 } },
      { req: req('/r308'), expect: { status: 308 } },
      { req: req('/e404'), expect: { status: 404 } },
      { req: req('/e500'), expect: { status: 500 } },
      { req: req('/e403'), expect: { status: 403 } },
      { req: req('/t204'), expect: { status: 204 } },
      { req: req('/a.txt', { method: 'HEAD' }) },
      { req: { target: '/a.txt', host: 'other.example.com' }, expect: type('text/plain') },
    ],
  },
  {
    desc: 'charset from a variable, and source_charset equal to it',
    config: `server { listen 80; server_name ${host};
        location / { charset $arg_cs; return 200 "x"; }
        location /src/ { charset utf-8; source_charset UTF-8; return 200 "x"; }
        location /srcvar/ { charset utf-8; source_charset $arg_src; return 200 "x"; }
        location /bothvar/ { charset $arg_cs; source_charset $arg_src; return 200 "x"; }
        location /set/ { set $cs iso-8859-1; charset $cs; return 200 "x"; } }`,
    probes: [
      { req: req('/a.txt?cs=utf-8'), expect: type('text/plain; charset=utf-8') },
      { req: req('/a.txt?cs=Whatever'), expect: type('text/plain; charset=Whatever') },
      { req: req('/a.txt?cs=') },
      { req: req('/src/a.txt'), expect: type('text/plain; charset=utf-8') },
      { req: req('/srcvar/a.txt?src=utf-8'), expect: type('text/plain; charset=utf-8') },
      { req: req('/srcvar/a.txt?src=UTF-8') },
      { req: req('/srcvar/a.txt?src=koi8-r'), expect: type('text/plain') },
      { req: req('/srcvar/a.txt?src=utf-8x') },
      { req: req('/bothvar/a.txt?cs=abc&src=abc') },
      { req: req('/bothvar/a.txt?cs=abc&src=ABC') },
      { req: req('/bothvar/a.txt?cs=abc&src=abcd') },
      { req: req('/bothvar/a.txt?cs=abcd&src=abc') },
      { req: req('/bothvar/a.txt?cs=utf-8&src=utf-8') },
      { req: req('/set/a.txt'), expect: type('text/plain; charset=iso-8859-1') },
    ],
  },
  {
    desc: 'proxied answers: their own charset kept, or replaced with override_charset',
    config: `server { listen 80; server_name ${host};
        charset utf-8;
        location / { proxy_pass http://{{a}}; }
        location /ov/ { override_charset on; proxy_pass http://{{a}}; }
        location /ovkoi/ { charset koi8-r; override_charset on; proxy_pass http://{{a}}; }
        location /ovvar/ { charset $arg_cs; override_charset on; proxy_pass http://{{a}}; }
        location /off/ { charset off; override_charset on; proxy_pass http://{{a}}; }
        location /types/ { charset_types application/json; proxy_pass http://{{a}}; } }`,
    probes: [
      ...['/', '/ov/'].flatMap((prefix) =>
        [
          'text/plain',
          'text/html',
          'TEXT/HTML',
          'text/html; charset=iso-8859-1',
          'text/html; charset=UTF-8',
          'text/html;charset=utf-8',
          'text/html;   charset="utf-8"',
          'text/html; charset="koi8-r"',
          'text/html; foo=bar',
          'text/html; foo=bar; charset=utf-8',
          'text/html; charset=utf-8; foo=bar',
          'image/png; charset=utf-8',
          'application/json',
          'application/json; charset=utf-8',
          'text/html; Charset=UTF-8',
          'text/html; charset=',
          'text/html;',
          '',
        ].map((t) => ({ req: req(`${prefix}x${ct(t)}`) })),
      ),
      { req: req(`/ov/x${ct('text/html; charset=UTF-8')}`), expect: type('text/html; charset=utf-8') },
      { req: req(`/x${ct('text/html; charset=iso-8859-1')}`), expect: type('text/html; charset=iso-8859-1') },
      { req: req(`/x${ct('text/html')}`), expect: type('text/html; charset=utf-8') },
      { req: req(`/ovkoi/x${ct('text/html; charset=KOI8-R')}`) },
      { req: req(`/ovkoi/x${ct('text/html; charset=utf-8')}`) },
      { req: req(`/ovkoi/x${ct('text/html')}`) },
      { req: req(`/ovvar/x${ct('text/html; charset=utf-8')}&cs=UTF-8`) },
      { req: req(`/ovvar/x${ct('text/html; charset=Foo')}&cs=foo`) },
      { req: req(`/ovvar/x${ct('text/html; charset=foo')}&cs=foo`) },
      { req: req(`/ovvar/x${ct('text/html; charset=foo')}&cs=bar`) },
      { req: req(`/off/x${ct('text/html; charset=utf-8')}`) },
      { req: req(`/off/x${ct('text/html')}`) },
      { req: req(`/types/x${ct('application/json')}`), expect: type('application/json; charset=utf-8') },
      { req: req(`/types/x${ct('text/plain')}`) },
      { req: req(`/types/x${ct('text/html')}`) },
      { req: req('/status/302/x'), expect: { status: 302 } },
      { req: req('/status/303/x'), expect: { status: 303 } },
      { req: req(`/ov/status/302/x${ct('text/html; charset=utf-8')}`) },
      { req: req(`/ov/status/301/x${ct('text/html; charset=UTF-8')}`) },
      { req: req('/status/404/x') },
      { req: req('/x', { method: 'HEAD' }) },
    ],
  },
  {
    desc: 'each directive inherited on its own from http, server and location',
    config: `charset_types text/css application/json;
      source_charset koi8-r;
      server { listen 80; server_name ${host};
        override_charset on;
        location / { charset koi8-r; proxy_pass http://{{a}}; }
        location /types/ { charset KOI8-R; charset_types text/plain; proxy_pass http://{{a}}; }
        location /noov/ { charset koi8-r; override_charset off; proxy_pass http://{{a}}; }
        location /ret/ { charset koi8-r; default_type text/css; return 200 "x"; }
        location /none/ { proxy_pass http://{{a}}; } }
      server { listen 80; server_name other.example.com; location / { charset koi8-r; proxy_pass http://{{a}}; } }`,
    probes: [
      ...['text/css', 'text/html', 'text/plain', 'application/json', 'text/html; charset=KOI8-R', 'text/html; charset=utf-8', 'text/css; charset=koi8-r'].flatMap((t) =>
        ['/', '/types/', '/noov/', '/none/'].map((prefix) => ({ req: req(`${prefix}x${ct(t)}`) })),
      ),
      { req: req('/ret/x'), expect: type('text/css; charset=koi8-r') },
      { req: { target: `/x${ct('text/html; charset=koi8-r')}`, host: 'other.example.com' } },
      { req: { target: `/x${ct('text/css')}`, host: 'other.example.com' } },
    ],
  },
  {
    desc: 'static files, autoindex and error pages under charset',
    config: `server { listen 80; server_name ${host};
        charset utf-8;
        types { text/html html; text/plain txt; application/json json; text/xml xml; application/javascript js; text/css css; }
        location / { root ${root}; }
        location /ai/ { alias ${root}/; autoindex on; }
        location /aix/ { alias ${root}/; autoindex on; autoindex_format xml; }
        location /aij/ { alias ${root}/; autoindex on; autoindex_format json; }
        location /ep/ { error_page 404 /page.txt; return 404; }
        location = /page.txt { return 200 "page"; }
        location /ep2/ { charset koi8-r; error_page 404 /plain/p.txt; return 404; }
        location /ep3/ { charset koi8-r; error_page 404 = @named; return 404; }
        location @named { charset windows-1251; return 200 "named"; }
        location /plain/ { charset off; return 200 "plain"; } }`,
    probes: [
      { req: req('/'), expect: type('text/html; charset=utf-8') },
      { req: req('/a.txt'), expect: type('text/plain; charset=utf-8') },
      { req: req('/b.json'), expect: type('application/json') },
      { req: req('/c.xml'), expect: type('text/xml; charset=utf-8') },
      { req: req('/d.js') },
      { req: req('/e.css'), expect: type('text/css') },
      { req: req('/noext') },
      { req: req('/missing'), expect: { status: 404 } },
      { req: req('/ai/') },
      { req: req('/aix/') },
      { req: req('/aij/') },
      { req: req('/ep/x'), expect: { status: 404 } },
      { req: req('/ep2/x'), expect: { status: 404, headers: { 'content-type': 'text/plain' } } },
      { req: req('/ep3/x'), expect: { status: 200, headers: { 'content-type': 'text/plain; charset=windows-1251' } } },
    ],
  },
  {
    desc: 'cached proxied answers: the charset filter runs on hits as on misses, and gzip sees the type',
    config: `proxy_cache_path ${cacheDir}/c keys_zone=cs_cache:1m;
      server { listen 80; server_name ${host};
        charset utf-8;
        proxy_cache cs_cache; proxy_cache_valid 200 1m; add_header X-Cache $upstream_cache_status;
        location / { proxy_pass http://{{a}}; }
        location /ov/ { override_charset on; proxy_pass http://{{a}}; }
        location /gz/ { gzip on; gzip_min_length 1; gzip_types text/plain; proxy_pass http://{{a}}; } }`,
    probes: [
      ...[`/x${ct('text/html')}`, `/x${ct('text/html; charset=UTF-8')}`, `/ov/x${ct('text/html; charset=UTF-8')}`, `/ov/x${ct('text/html; charset=koi8-r')}`, `/x${ct('image/png')}`].flatMap((target) => [
        { req: req(target), expect: { headers: { 'x-cache': 'MISS' } } },
        { req: req(target), expect: { headers: { 'x-cache': 'HIT' } } },
      ]),
      { req: req(`/gz/x${ct('text/plain')}`, { method: 'HEAD', headers: [['Accept-Encoding', 'gzip']] }) },
      { req: req(`/gz/y${ct('text/plain; charset=koi8-r')}`, { method: 'HEAD', headers: [['Accept-Encoding', 'gzip']] }) },
    ],
  },
];

describeCases('conformance: charset', cases, {
  cleanup: () => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(cacheDir, { recursive: true, force: true });
  },
});
