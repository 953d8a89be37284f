// Static files as nginx serves them: `index` as an internal redirect (the location search
// runs again for the index file), several index files and an absolute last one, `root` vs
// `alias` (with and without trailing slashes, `/i../`), the 301 to a directory's slashed
// form, autoindex on and off, `try_files` with `$uri/`; `types {}` and `default_type` at
// every level, `include mime.types`, and a whole nginx.conf without it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { itCases, usePortico } from './harness/case-suite.ts';
import { requestsTo, startPair, type Case } from './harness/pair.ts';

const host = 'files.example.com';
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-conf-files-'));
const write = (file: string, body: string) => {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), body);
};
write('index.html', '<p>root index</p>\n');
write('fallback.html', '<p>fallback</p>\n');
write('plain/a.txt', 'plain a\n');
write('plain/b.html', '<b>b</b>\n');
write('htm/index.htm', '<p>htm index</p>\n');
write('both/index.htm', '<p>both htm</p>\n');
write('both/index.html', '<p>both html</p>\n');
write('site/index.html', '<p>site index</p>\n');
write('site/page.txt', 'site page\n');
write('data/w3/images/pic.gif', 'GIF89a-not-really');
write('data/w3/images/sub/index.html', '<p>images sub</p>\n');
write('x/file.txt', 'x file\n');
write('x../secret.txt', 'x dotdot secret\n');
write('xfile.txt', 'x as file prefix\n');
write('i/real.txt', 'under root i\n');
write('data/w3/secret.txt', 'next to the alias\n');
for (const name of ['a b<c>&"q\'.txt', `${'L'.repeat(60)}.txt`, `${'M'.repeat(50)}`, `${'N'.repeat(49)}`, 'café.txt', 'Zeta.txt', 'alpha.txt', '.hidden', 'q?#%+=;:@!$()*,~.txt', 'empty-dir/', 'sub dir/x.txt', `${'é'.repeat(55)}`, `${'D'.repeat(50)}/`, `${'E'.repeat(49)}/`, `${'F'.repeat(60)}/`, `${'<'.repeat(30)}${'&'.repeat(30)}`]) {
  if (name.endsWith('/')) fs.mkdirSync(path.join(root, 'listing', name), { recursive: true });
  else write(`listing/${name}`, `${name}\n`.repeat(3));
}
for (const name of ['a b.txt', '100%.txt', 'café.txt', 'q?x.txt', 'h#x.txt', 'plus+x.txt', 'dir with space/index.html']) write(`names/${name}`, `${name}\n`);
fs.mkdirSync(path.join(root, 'sizes'));
for (const size of [0, 1023, 9999, 10000, 10240, 10751, 10752, 1048575, 1048576, 1572863, 1572864, 5_000_000]) fs.truncateSync((fs.writeFileSync(path.join(root, 'sizes', `s${size}`), ''), path.join(root, 'sizes', `s${size}`)), size);
for (const name of ['style.css', 'app.js', 'data.json', 'logo.svg', 'font.woff2', 'page.htm', 'PAGE.HTML', 'archive.tar.gz', 'noext', 'file.unknownext', 'img.JPG', '.hidden.txt', 'dot.d/inner']) write(`types/${name}`, `${name}\n`);
const TYPE_PROBES = ['/types/style.css', '/types/app.js', '/types/data.json', '/types/logo.svg', '/types/font.woff2', '/types/page.htm', '/types/PAGE.HTML', '/types/archive.tar.gz', '/types/noext', '/types/file.unknownext', '/types/img.JPG', '/types/dot.d/inner'];
// The harness gives nginx the text only (an include of a file not pasted is dropped): the table inline.
const debianMimeTypes = fs.readFileSync('/etc/nginx/mime.types', 'utf8');
const req = requestsTo(host);

const cases: Case[] = [
  {
    desc: 'index is an internal redirect: the location of the index file applies (exact, regex, proxy)',
    config: `server { listen 80; server_name ${host}; root ${root};
      location = /index.html { add_header X-Idx exact; }
      location /site/ { }
      location ~ ^/site/index\\.html$ { add_header X-Idx regex; }
      location /plain/ { index b.html; }
      location ~ \\.html$ { proxy_pass http://{{a}}; }
      location / { } }`,
    probes: [
      { req: req('/'), expect: { status: 200, body: '<p>root index</p>\n', headers: { 'x-idx': 'exact' } } },
      { req: req('/?q=1'), expect: { status: 200, headers: { 'x-idx': 'exact' } } },
      { req: req('/site/'), expect: { status: 200, body: '<p>site index</p>\n', headers: { 'x-idx': 'regex' } } },
      { req: req('/plain/'), expect: { status: 200, target: '/plain/b.html' } },
      { req: req('/plain/?a=b'), expect: { status: 200, target: '/plain/b.html?a=b' } },
      { req: req('/htm/'), expect: { status: 403 } },
      { req: req('/plain/', { method: 'POST', body: 'x' }) },
      { req: req('/plain/', { method: 'HEAD' }) },
      { req: req('/htm/', { method: 'POST', body: 'x' }), expect: { status: 403 } },
      { req: req('/nowhere/', { method: 'POST', body: 'x' }), expect: { status: 404 } },
      { req: req('/plain', { method: 'POST', body: 'x' }), expect: { status: 301 } },
      { req: req('/site?a=1', { method: 'POST', body: 'x' }), expect: { status: 301 } },
    ],
  },
  {
    desc: 'several index files in order, and an absolute last one (a URI)',
    config: `types { text/html html htm; }
      server { listen 80; server_name ${host}; root ${root};
      location /a/ { alias ${root}/both/; index nope.html index.htm index.html; }
      location /b/ { alias ${root}/both/; index nope.html index.html index.htm; }
      location /htm/ { index index.html index.htm; }
      location /plain/ { index index.html /fallback.html; }
      location = /fallback.html { add_header X-Fallback 1; }
      location /missing/ { index index.html /nowhere.html; }
      location / { } }`,
    probes: [
      { req: req('/a/'), expect: { status: 200, body: '<p>both htm</p>\n' } },
      { req: req('/b/'), expect: { status: 200, body: '<p>both html</p>\n' } },
      { req: req('/htm/'), expect: { status: 200, body: '<p>htm index</p>\n' } },
      { req: req('/plain/'), expect: { status: 200, body: '<p>fallback</p>\n', headers: { 'x-fallback': '1' } } },
      { req: req('/missing/') },
      { req: req('/site/') },
    ],
  },
  {
    desc: 'alias with and without trailing slashes, and root with a location prefix',
    config: `server { listen 80; server_name ${host}; root ${root};
      location /i/ { alias ${root}/data/w3/images/; }
      location /j/ { alias ${root}/data/w3/images; }
      location /k { alias ${root}/data/w3/images/; }
      location /x { alias ${root}/x; }
      location /r/ { root ${root}/site; }
      location = /exact-file { alias ${root}/site/page.txt; }
      location /dots/ { alias ${root}/data/../data/w3/images/; }
      location / { } }`,
    probes: [
      { req: req('/i/pic.gif'), expect: { status: 200, body: 'GIF89a-not-really' } },
      { req: req('/i/sub/'), expect: { status: 200, body: '<p>images sub</p>\n' } },
      { req: req('/i/sub') },
      { req: req('/i/'), expect: { status: 403 } },
      { req: req('/i') },
      { req: req('/j/pic.gif') },
      { req: req('/j/sub/') },
      { req: req('/k/pic.gif') },
      { req: req('/kpic.gif') },
      { req: req('/x/file.txt'), expect: { status: 200, body: 'x file\n' } },
      { req: req('/x../secret.txt') },
      { req: req('/xfile.txt') },
      { req: req('/r/page.txt') },
      { req: req('/r/') },
      { req: req('/exact-file') },
      { req: req('/i/missing.gif'), expect: { status: 404 } },
      { req: req('/dots/pic.gif'), expect: { status: 200 } },
      { req: req('/dots/sub/'), expect: { status: 200 } },
    ],
  },
  {
    desc: 'a directory without its slash is redirected (301) with the query; absolute_redirect, port_in_redirect, server_name_in_redirect',
    config: `server { listen 80; server_name ${host}; root ${root};
      location /i/ { alias ${root}/data/w3/images/; }
      location / { } }
      server { listen 80; server_name rel.example.com; root ${root}; absolute_redirect off; }
      server { listen 80; server_name noport.example.com; root ${root}; port_in_redirect off; }
      server { listen 80; server_name named.example.com alias.example.com; root ${root}; server_name_in_redirect on; }
      server { listen 80; server_name mixed.example.com; root ${root}; absolute_redirect off;
        location /abs/ { absolute_redirect on; port_in_redirect off; return 302 /target; }
        location /rel/ { return 302 /target?x=1; }
        location /api/ { proxy_pass http://{{a}}; }
        location /named/ { absolute_redirect on; server_name_in_redirect on; return 301 /n; }
        location / { } }`,
    probes: [
      { req: req('/plain'), expect: { status: 301 } },
      { req: req('/plain?x=1&y=2'), expect: { status: 301 } },
      { req: req('/i/sub') },
      { req: req('/plain', { host: 'rel.example.com' }), expect: { status: 301, headers: { location: '/plain/' } } },
      { req: req('/plain?q', { host: 'rel.example.com' }), expect: { status: 301, headers: { location: '/plain/?q' } } },
      { req: req('/plain', { host: 'noport.example.com' }), expect: { status: 301, headers: { location: 'http://noport.example.com/plain/' } } },
      { req: req('/plain', { host: 'alias.example.com' }), expect: { status: 301 } },
      { req: req('/plain', { host: 'ALIAS.example.com:8080' }), expect: { status: 301 } },
      { req: req('/abs/x', { host: 'mixed.example.com' }), expect: { status: 302, headers: { location: 'http://mixed.example.com/target' } } },
      { req: req('/rel/x', { host: 'mixed.example.com' }), expect: { status: 302, headers: { location: '/target?x=1' } } },
      { req: req('/api', { host: 'mixed.example.com' }), expect: { status: 301, headers: { location: '/api/' } } },
      { req: req('/plain?a', { host: 'mixed.example.com' }), expect: { status: 301, headers: { location: '/plain/?a' } } },
      { req: req('/named/', { host: 'mixed.example.com' }), expect: { status: 301 } },
    ],
  },
  {
    desc: 'autoindex off (403) and on (the listing)',
    config: `server { listen 80; server_name ${host}; root ${root};
      location /plain/ { autoindex on; }
      location /listing/ { autoindex on; }
      location /ls/ { alias ${root}/listing/; autoindex on; }
      location /human/ { alias ${root}/sizes/; autoindex on; autoindex_exact_size off; }
      location /local/ { alias ${root}/listing/; autoindex on; autoindex_localtime on; autoindex_exact_size off; }
      location /json/ { alias ${root}/listing/; autoindex on; autoindex_format json; }
      location /json-sizes/ { alias ${root}/sizes/; autoindex on; autoindex_format json; autoindex_exact_size off; }
      location /xml/ { alias ${root}/listing/; autoindex on; autoindex_format xml; }
      location /x/ { autoindex off; }
      location / { } }`,
    probes: [
      { req: req('/plain/'), expect: { status: 200 } },
      { req: req('/x/'), expect: { status: 403 } },
      { req: req('/data/'), expect: { status: 403 } },
      { req: req('/listing/'), expect: { status: 200 } },
      { req: req('/listing/', { method: 'HEAD' }), expect: { status: 200, body: '' } },
      { req: req('/listing/empty-dir/'), expect: { status: 200 } },
      { req: req('/listing/sub%20dir/'), expect: { status: 200 } },
      { req: req('/listing/sub%20dir'), expect: { status: 301 } },
      { req: req('/ls/'), expect: { status: 200 } },
      { req: req('/ls/empty-dir/?x=1'), expect: { status: 200 } },
      { req: req('/listing/', { method: 'POST', body: 'x' }), expect: { status: 403 } },
      { req: req('/human/'), expect: { status: 200 } },
      { req: req('/local/'), expect: { status: 200 } },
      { req: req('/json/'), expect: { status: 200, headers: { 'content-type': 'application/json' } } },
      { req: req('/json/empty-dir/') },
      { req: req('/json-sizes/') },
      { req: req('/xml/'), expect: { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' } } },
      { req: req('/xml/empty-dir/') },
      { req: req('/xml/', { method: 'HEAD' }) },
    ],
  },
  {
    desc: 'try_files with $uri/ serves a directory through its index',
    config: `server { listen 80; server_name ${host}; root ${root};
      location = /site/index.html { add_header X-Site-Index 1; }
      location / { try_files $uri $uri/ /fallback.html; } }`,
    probes: [
      { req: req('/site/page.txt'), expect: { status: 200 } },
      { req: req('/site/') },
      { req: req('/site') },
      { req: req('/plain') },
      { req: req('/nothing') },
    ],
  },
  {
    desc: 'types {} and default_type in locations, servers and http; an empty types {}; the type follows the URI, not the file',
    config: `default_type application/x-http-default; types { text/html html; text/css css; image/jpeg jpg jpeg; }
      server { listen 80; server_name ${host}; root ${root};
      location /custom/ { alias ${root}/types/; types { text/x-custom css js; application/x-page htm html; } default_type application/x-custom-default; }
      location /empty/ { alias ${root}/types/; types {} }
      location /dt/ { alias ${root}/types/; default_type text/x-dt; }
      location = /aliased-file { alias ${root}/types/style.css; }
      location /tf/ { try_files /types/style.css =404; }
      location / { } }
      server { listen 80; server_name srv.example.com; root ${root}; types { image/x-server jpg css; } location / { } }`,
    probes: [
      ...TYPE_PROBES.map((p) => ({ req: req(p) })),
      ...['/custom/style.css', '/custom/app.js', '/custom/page.htm', '/custom/PAGE.HTML', '/custom/noext', '/custom/data.json'].map((p) => ({ req: req(p) })),
      ...['/empty/style.css', '/empty/page.htm', '/empty/noext', '/dt/noext', '/dt/style.css', '/dt/img.JPG', '/aliased-file', '/tf/x.html', '/tf/x.json'].map((p) => ({ req: req(p) })),
      ...['/types/style.css', '/types/img.JPG', '/types/page.htm'].map((p) => ({ req: req(p, { host: 'srv.example.com' }) })),
      { req: req('/types/font.woff2'), expect: { status: 200, headers: { 'content-type': 'application/x-http-default' } } },
      { req: req('/custom/style.css'), expect: { status: 200, headers: { 'content-type': 'text/x-custom' } } },
    ],
  },
  {
    desc: 'Debian\'s mime.types (what include mime.types reads) with default_type application/octet-stream',
    config: `${debianMimeTypes} default_type application/octet-stream;
      server { listen 80; server_name ${host}; root ${root}; location / { } location /plain/ { default_type text/x-plain; types { text/x-own txt; } } }`,
    probes: [
      ...TYPE_PROBES.map((p) => ({ req: req(p) })),
      { req: req('/types/style.css'), expect: { status: 200, headers: { 'content-type': 'text/css' } } },
      { req: req('/plain/a.txt'), expect: { status: 200, headers: { 'content-type': 'text/x-own' } } },
      { req: req('/plain/b.html'), expect: { status: 200, headers: { 'content-type': 'text/x-plain' } } },
    ],
  },
  {
    desc: 'a whole nginx.conf without mime.types: nginx\'s compiled-in types and text/plain',
    config: `events {} http { server { listen 80; server_name ${host}; root ${root}; location / { } } }`,
    probes: [
      ...TYPE_PROBES.map((p) => ({ req: req(p) })),
      { req: req('/types/style.css'), expect: { status: 200, headers: { 'content-type': 'text/plain' } } },
      { req: req('/types/img.JPG'), expect: { status: 200, headers: { 'content-type': 'image/jpeg' } } },
    ],
  },
  {
    desc: 'file names with spaces, %, UTF-8, ? and #; alias with try_files and index',
    config: `types { text/plain txt; text/html html; }
      server { listen 80; server_name ${host}; root ${root};
      location /i/ { alias ${root}/data/w3/images/; try_files $uri $uri/ =404; }
      location /n/ { alias ${root}/names/; }
      location /t/ { alias ${root}/names/; try_files $uri =403; }
      location / { } }`,
    probes: [
      ...['/names/a%20b.txt', '/names/100%25.txt', '/names/caf%C3%A9.txt', '/names/q%3Fx.txt', '/names/h%23x.txt', '/names/plus+x.txt', '/names/plus%2Bx.txt', '/names/dir%20with%20space/', '/names/dir%20with%20space', '/names/a b.txt'].map((p) => ({ req: req(p) })),
      ...['/n/a%20b.txt', '/n/caf%c3%a9.txt', '/n/dir%20with%20space/', '/n/dir%20with%20space?x=%20'].map((p) => ({ req: req(p) })),
      ...['/t/a%20b.txt', '/t/missing', '/t/'].map((p) => ({ req: req(p) })),
      ...['/i/pic.gif', '/i/sub/', '/i/sub', '/i/missing.gif', '/i/'].map((p) => ({ req: req(p) })),
    ],
  },
];

const portico = usePortico(() => fs.rmSync(root, { recursive: true, force: true }));

describe('conformance: static files', () => {
  itCases(portico, cases, { timeoutMs: 30_000 });
});

// docs/nginx-compatibility.md's deliberate differences of this area, both ways.
describe('conformance: static files, the documented differences', () => {
  const config = `server { listen 80; server_name ${host}; root ${root};
    location /k { alias ${root}/data/w3/images/; }
    location /c/ { return 200 "uri=$uri"; }
    location / { } }`;
  const differs = async (target: string) => {
    const pair = await startPair(portico(), config, { live: ['a'] });
    try {
      return { nginx: await pair.observe('nginx', req(target)), portico: await pair.observe('portico', req(target)) };
    } finally {
      await pair.close();
    }
  };
  it('a site file without mime.types: nginx types by its compiled-in table, Portico by Debian\'s mime.types', async () => {
    const seen = await differs('/types/style.css');
    expect(seen.nginx.headers).toContain('content-type: text/plain');
    expect(seen.portico.headers).toContain('content-type: text/css');
  });
  it('an alias climbing out through the concatenation: nginx serves the file outside, Portico 404', async () => {
    const seen = await differs('/k../secret.txt');
    expect(seen.nginx.status).toBe(200);
    expect(seen.nginx.body).toBe('next to the alias\n');
    expect(seen.portico.status).toBe(404);
  });
  it('control bytes in $uri: nginx decodes them, Portico keeps them escaped', async () => {
    const seen = await differs('/c/a%0Ab');
    expect(seen.nginx.body).toBe('uri=/c/a\nb');
    expect(seen.portico.body).toBe('uri=/c/a%0Ab');
  });
});
