// What nginx sends and serves from a URI it built itself: a rewrite's replacement is the new
// URI byte for byte (a typed "%2F" stays three characters and is sent as "%252F"); a
// proxy_pass URI part sends "[", "]" raw, and the characters a client typed raw ("{", "|",
// "^", …) raw too; alias in a regex location is the whole file path, captures evaluated.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeCases } from './harness/case-suite.ts';
import { type Case, requestsTo, probe } from './harness/pair.ts';
import type { RawRequest } from './harness/raw-http.ts';

const host = 'app.example.com';
const req = requestsTo(host);
const to = (target: string) => ({ status: 200, target });

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-conf-alias-'));
fs.mkdirSync(path.join(root, 'img', 'sub'), { recursive: true });
fs.writeFileSync(path.join(root, 'img', 'cat.txt'), 'cat\n');
fs.writeFileSync(path.join(root, 'img', 'a b.txt'), 'dog\n');
fs.writeFileSync(path.join(root, 'img', 'sub', 'index.html'), '<p>idx</p>\n');
fs.writeFileSync(path.join(root, 'img', 'sub', 'deep.txt'), 'deep\n');
fs.writeFileSync(path.join(root, 'secret.txt'), 'secret\n');

const cases: Case[] = [
  {
    desc: 'a rewrite replacement is taken literally: typed escapes stay, captures are decoded text',
    config: `server { listen 80; server_name ${host};
      location /e/ { rewrite ^/e/(.*)$ /z/a%2Fb/$1 break; proxy_pass http://{{a}}; }
      location /s/ { rewrite ^/s/(.*)$ /z/a%20b[x]/$1 break; proxy_pass http://{{a}}; }
      location /t/ { rewrite ^/t/(.*)$ /z/$1%41 break; proxy_pass http://{{a}}; }
      location /q/ { rewrite ^/q/(.*)$ /z/$1?typed=%2F break; proxy_pass http://{{a}}; } }`,
    probes: [
      probe(req('/e/q%5Bx%5D?k=1'), to('/z/a%252Fb/q[x]?k=1')),
      probe(req('/e/plain'), to('/z/a%252Fb/plain')),
      probe(req('/s/y'), to('/z/a%2520b[x]/y')),
      probe(req('/t/caf%C3%A9'), to('/z/caf%C3%A9%2541')),
      probe(req('/q/w?k=1'), to('/z/w?typed=%2F&k=1')),
    ],
  },
  {
    desc: 'a proxy_pass URI part: "[" "]" raw; characters typed raw stay raw; escaped ones stay escaped',
    config: `server { listen 80; server_name ${host}; location /u/ { proxy_pass http://{{a}}/v/; } }`,
    probes: [
      probe(req('/u/a%5B%5D%7B%7D%7C%22%3C%3E%5E%60b'), to('/v/a[]%7B%7D%7C%22%3C%3E%5E%60b')),
      probe(req('/u/a[]{}|b'), to('/v/a[]{}|b')),
      probe(req('/u/a{b}%41'), to('/v/a%7Bb%7DA')),
      probe(req('/u/a^b`c'), to('/v/a^b`c')),
      probe(req('/u/a%2Bb%26c%3Dd%3Be%40f%24g%2Ch%21i%27j%28k%29l%2Am%7En%3A'), to("/v/a+b&c=d;e@f$g,h!i'j(k)l*m~n:")),
      probe(req('/u/caf%C3%A9?x=%5B'), to('/v/caf%C3%A9?x=%5B')),
    ],
  },
  {
    desc: 'alias with captures in regex locations: numbered, named, none; directories and index',
    // A types table of its own: a site file without one is typed by Debian's mime.types in
    // Portico and by nginx's compiled-in table (documented, static-files.test.ts).
    config: `types { text/plain txt; text/html html; }
      server { listen 80; server_name ${host};
      location ~ ^/img/(.+)$ { alias ${root}/img/$1; }
      location ~ ^/pic/(?<name>[a-z]+)\\.png$ { alias ${root}/img/$name.txt; }
      location ~ ^/fixed/ { alias ${root}/img/cat.txt; }
      location ~ ^/dir/(.*)$ { alias ${root}/img/sub/$1; } }`,
    probes: [
      probe(req('/img/cat.txt'), { status: 200, body: 'cat\n' }),
      probe(req('/img/a%20b.txt'), { status: 200, body: 'dog\n' }),
      probe(req('/img/sub/'), { status: 200, body: '<p>idx</p>\n' }),
      probe(req('/img/sub'), { status: 301 }),
      probe(req('/img/sub/deep.txt'), { status: 200, body: 'deep\n' }),
      probe(req('/img/nope'), { status: 404 }),
      probe(req('/img/../secret.txt'), { status: 404 }),
      probe(req('/pic/cat.png'), { status: 200, body: 'cat\n' }),
      probe(req('/pic/sub.png'), { status: 404 }),
      probe(req('/fixed/anything'), { status: 200, body: 'cat\n' }),
      probe(req('/dir/'), { status: 200, body: '<p>idx</p>\n' }),
      probe(req('/dir/deep.txt'), { status: 200, body: 'deep\n' }),
    ],
  },
];

describeCases('conformance: rewrite replacements, URI parts, alias with captures', cases, { cleanup: () => fs.rmSync(root, { recursive: true, force: true }) });
