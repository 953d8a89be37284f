// PCRE's three spellings of a named group, `(?<name>…)`, `(?P<name>…)` and `(?'name'…)`,
// in a regex server_name, a regex location, a rewrite and an `if`: each makes $name (and
// counts as a numbered group), as nginx.
import { describeCases } from './harness/case-suite.ts';
import { type Case, requestsTo } from './harness/pair.ts';

const req = requestsTo('app.example.com');
const ok = (body: string) => ({ status: 200, body });

const cases: Case[] = [
  {
    desc: "regex locations with (?P<name>…) and (?'name'…), mixed with (?<name>…) and numbered groups",
    config: `server { listen 80; server_name app.example.com;
      location ~ ^/p/(?P<id>[0-9]+)/(?P<rest>.*)$ { return 200 "id=$id rest=$rest 1=$1 2=$2"; }
      location ~ ^/q/(?'id'[0-9]+)/(?<rest>.*)$ { return 200 "id=$id rest=$rest 1=$1 2=$2"; }
      location ~* ^/C/(?'word'[a-z]+)$ { return 200 "word=$word"; }
      location ~ ^/lit/\\(?'x'$ { return 200 "literal"; }
      location /u/ { proxy_pass http://{{a}}; }
      location ~ ^/up/(?'tail'.*)$ { proxy_pass http://{{a}}/got/$tail; }
      location / { return 200 "root"; } }`,
    probes: [
      { req: req('/p/12/a/b'), expect: ok('id=12 rest=a/b 1=12 2=a/b') },
      { req: req('/q/7/z'), expect: ok('id=7 rest=z 1=7 2=z') },
      { req: req('/c/Hello'), expect: ok('word=Hello') },
      { req: req("/lit/'x'") },
      { req: req("/lit/('x'") },
      { req: req('/up/a/b?k=v'), expect: { status: 200, target: '/got/a/b' } },
      { req: req('/p/x/y'), expect: ok('root') },
    ],
  },
  {
    desc: "server_name, rewrite and if with (?'name'…) and (?P<name>…)",
    config: `server { listen 80; server_name ~^(?'sub'[a-z]+)\\.example\\.com$;
      rewrite ^/old/(?P<page>.+)$ /new/$page last;
      location /new/ { return 200 "sub=$sub page=$page uri=$uri"; }
      location /rw/ { rewrite ^/rw/(?'a'[^/]+)/(?P<b>.+)$ /new/$b-$a last; }
      location /if/ { if ($uri ~ ^/if/(?'v'[0-9]+)) { return 200 "v=$v sub=$sub"; } return 200 "no"; }
      location ~ ^/both/(?<l>[a-z]+) { if ($uri ~ (?P<n>[0-9]+)$) { return 200 "l=$l n=$n sub=$sub 1=$1"; } return 200 "l=$l n=$n"; } }`,
    probes: [
      { req: req('/old/x'), expect: ok('sub=app page=x uri=/new/x') },
      { req: { target: '/old/y', host: 'shop.example.com' }, expect: ok('sub=shop page=y uri=/new/y') },
      { req: req('/rw/1/2/3'), expect: ok('sub=app page= uri=/new/2/3-1') },
      { req: req('/if/42'), expect: ok('v=42 sub=app') },
      { req: req('/if/x') },
      { req: req('/both/abc/12'), expect: ok('l=abc n=12 sub=app 1=12') },
      { req: req('/both/abc/x') },
    ],
  },
];

describeCases('conformance: named group spellings', cases);
