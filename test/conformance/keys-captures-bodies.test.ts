// Small corners of keys and request bodies, compared with nginx: named and numbered
// captures in proxy_cache_key, `hash` with $request_uri and other variables in an
// upstream block, and $content_length of a chunked request body that the proxy buffers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeCases } from './harness/case-suite.ts';
import { type Case, requestsTo } from './harness/pair.ts';

const host = 'app.example.com';
const req = requestsTo(host);
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-conf-keycap-'));
const cached = (target: string, status: string, extra = {}) => ({ req: req(target, extra), expect: { status: 200, headers: { 'x-cache': status } } });

const cases: Case[] = [
  {
    desc: 'proxy_cache_key with named captures of the location, of a rewrite, and $1',
    config: `proxy_cache_path ${cacheDir}/named keys_zone=by_named:1m;
      proxy_cache_path ${cacheDir}/num keys_zone=by_num:1m;
      proxy_cache_path ${cacheDir}/pname keys_zone=by_pname:1m;
      server { listen 80; server_name ${host};
        proxy_cache_valid 200 1m; add_header X-Cache $upstream_cache_status;
        location ~ ^/n/(?<id>[0-9]+)/ { proxy_pass http://{{a}}; proxy_cache by_named; proxy_cache_key "item:$id"; }
        location ~ ^/d/([0-9]+)/ { proxy_pass http://{{a}}; proxy_cache by_num; proxy_cache_key "num:$1"; }
        location ~ ^/p/(?P<pname>[a-z]+)/ { proxy_pass http://{{a}}; proxy_cache by_pname; proxy_cache_key "p:$pname"; }
        location /rw/ { rewrite ^/rw/(?<rid>[0-9]+)/(.*)$ /n/$rid/$2 break; proxy_pass http://{{a}}; proxy_cache by_named; proxy_cache_key "item:$rid"; } }`,
    probes: [
      cached('/n/1/a', 'MISS'),
      cached('/n/1/b', 'HIT'),
      cached('/n/2/a', 'MISS'),
      cached('/d/5/a', 'MISS'),
      cached('/d/5/b?x=1', 'HIT'),
      cached('/d/6/a', 'MISS'),
      cached('/p/abc/x', 'MISS'),
      cached('/p/abc/y', 'HIT'),
      cached('/rw/1/zzz', 'HIT'),
      cached('/rw/3/zzz', 'MISS'),
    ],
  },
  {
    desc: 'hash $request_uri and other keys in upstream blocks: the same key, the same server',
    config: `upstream by_uri { hash $request_uri; server {{a}}; server {{b}}; server {{c}}; }
      upstream by_arg { hash $arg_user consistent; server {{a}}; server {{b}}; server {{c}}; }
      upstream by_mix { hash "$uri:$http_x_tenant"; server {{a}}; server {{b}}; server {{c}}; }
      server { listen 80; server_name ${host};
        location /u/ { proxy_pass http://by_uri; }
        location /g/ { proxy_pass http://by_arg; }
        location /m/ { proxy_pass http://by_mix; } }`,
    upstreams: { live: ['a', 'b', 'c'] },
    probes: [
      ...['/u/1', '/u/2', '/u/3?x=1', '/u/3?x=2', '/u/long/path/here', '/u/1', '/u/%41', '/u/A'].map((t) => ({ req: req(t) })),
      ...['ann', 'bob', 'cy', 'dee', 'eve', 'ann'].map((u) => ({ req: req(`/g/x?user=${u}`) })),
      { req: req('/g/x') },
      ...['t1', 't2', 't3', 't4'].map((t) => ({ req: req('/m/x', { headers: [['X-Tenant', t]] }) })),
      { req: req('/m/y') },
    ],
  },
  {
    desc: '$content_length of a chunked body the proxy buffers: in return, headers and upstream',
    config: `server { listen 80; server_name ${host};
      location /ret/ { return 200 "cl=[$content_length] te=[$http_transfer_encoding]"; }
      location /redir/ { return 302 /to?cl=$content_length; }
      location /set/ { set $c "[$content_length]"; return 200 "set=$c now=[$content_length]"; }
      location /up/ { proxy_set_header X-CL "[$content_length]"; add_header X-Seen-CL "[$content_length]"; proxy_pass http://{{a}}; }
      location /unbuf/ { proxy_request_buffering off; proxy_http_version 1.1; proxy_set_header X-CL "[$content_length]"; add_header X-Seen-CL "[$content_length]"; proxy_pass http://{{a}}; } }`,
    probes: [
      { req: req('/ret/x', { method: 'POST', chunks: ['hello', ' world'] }) },
      { req: req('/ret/x', { method: 'POST', body: 'hello' }) },
      { req: req('/ret/x', { method: 'POST', chunks: [] }) },
      { req: req('/redir/x', { method: 'POST', chunks: ['abc'] }) },
      { req: req('/set/x', { method: 'POST', chunks: ['abc'] }) },
      { req: req('/up/x', { method: 'POST', chunks: ['hello', ' world'] }) },
      { req: req('/up/x', { method: 'POST', body: 'hello' }) },
      { req: req('/unbuf/x', { method: 'POST', chunks: ['hello', ' world'] }) },
      { req: req('/up/x', { method: 'POST', chunks: [] }) },
    ],
  },
];

describeCases('conformance: capture cache keys, hash keys, $content_length', cases, { cleanup: () => fs.rmSync(cacheDir, { recursive: true, force: true }) });
