// Where the rewrite module (rewrite steps, `if`, `set`, error pages, X-Accel-Redirect) meets
// decoded paths: captures and $uri are the decoded URI's bytes; a rewrite's new path spells
// them canonically, its arguments and redirects escape them as nginx, return, headers and
// `set` write them byte for byte (proxy-engine/http/capture-escaping.ts).
import { describeCases } from './harness/case-suite.ts';
import { type Case, requestsTo, probe } from './harness/pair.ts';
import type { RawRequest } from './harness/raw-http.ts';

const host = 'app.example.com';
const req = requestsTo(host);
const ODD = ['a%20b', '100%25', 'caf%C3%A9', 'q%3Fx', 'h%23x', 'plus+x', 'x%2By'];

const cases: Case[] = [
  {
    desc: 'rewrite steps and if on decoded bytes: new paths proxied, arguments, set, return',
    config: `server { listen 80; server_name ${host};
      location /r/ {
        set $seen "u=$uri";
        if ($uri ~ ^/r/caf\u00e9) { set $seen "cafe $uri"; }
        rewrite ^/r/(.*)$ /x/$1?c=$1 break;
        proxy_set_header X-Seen $seen;
        proxy_pass http://{{a}}; }
      location /s/ {
        if ($uri ~ ^/s/(?<rest>.+)$) { set $r $rest; }
        return 200 "r=$r uri=$uri"; }
      location /t/ {
        rewrite ^/t/(.*)$ /u/$1;
        return 200 "after $1"; }
      location /u/ { return 200 "u $uri"; }
      location /v/ { rewrite ^/v/(.*)$ /w/$1 redirect; } }`,
    probes: ODD.flatMap((name) => [
      probe(req(`/r/${name}`)),
      probe(req(`/s/${name}`)),
      probe(req(`/t/${name}`)),
      probe(req(`/v/${name}`)),
    ]),
  },
  {
    desc: 'error_page and named locations with decoded paths',
    config: `server { listen 80; server_name ${host};
      location /e/ { error_page 404 = @fallback; return 404; }
      location @fallback { return 200 "fallback uri=$uri"; }
      location /p/ { error_page 502 /oops$uri; proxy_pass http://{{dead}}; }
      location /oops/ { return 200 "oops uri=$uri"; } }`,
    upstreams: { live: ['a'], dead: ['dead'] },
    probes: ODD.flatMap((name) => [probe(req(`/e/${name}`)), probe(req(`/p/${name}`))]),
  },
];

describeCases('conformance: rewrite steps on decoded paths', cases);
