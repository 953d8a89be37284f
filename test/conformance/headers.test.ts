// Request and response headers: nginx's defaults (Host = $proxy_host, hop-by-hop
// removal), the seeds' standard forwarding set, proxy_set_header inheritance and empty
// values, proxy_hide_header, add_header with and without `always`, proxy_redirect.
import { describeCases } from './harness/case-suite.ts';
import { type Case, requestsTo, probe } from './harness/pair.ts';
import type { RawRequest } from './harness/raw-http.ts';

const host = 'app.example.com';
const req = requestsTo(host);

const STANDARD_SET = `
  proxy_set_header Host $host;
  proxy_set_header X-Real-IP $remote_addr;
  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
  proxy_set_header X-Forwarded-Proto $scheme;
  proxy_set_header X-Forwarded-Host $host;
  proxy_set_header X-Forwarded-Port $server_port;`;

const cases: Case[] = [
  {
    desc: 'defaults: Host is $proxy_host (address or upstream name), client headers pass, hop-by-hop ones do not',
    config: `upstream backend { server {{a}}; }
      server { listen 80; server_name ${host};
        location /addr/ { proxy_pass http://{{a}}; }
        location /pool/ { proxy_pass http://backend; } }`,
    probes: [
      probe(req('/addr/x', { headers: [['User-Agent', 'conformance/1'], ['Accept', '*/*'], ['X-Custom', 'a'], ['X-Custom', 'b'], ['Cookie', 'a=1'], ['Cookie', 'b=2']] }), {
        upstreamHeaders: { host: '{{a}}', 'user-agent': 'conformance/1', 'x-custom': 'a' },
      }),
      probe(req('/pool/x', { headers: [['Host', 'ignored-second-host.test']] }), { status: 400 }),
      probe(req('/pool/x'), { upstreamHeaders: { host: 'backend' } }),
      probe(
        req('/addr/hop', {
          headers: [['TE', 'trailers'], ['Keep-Alive', '300'], ['Upgrade', 'h2c'], ['Connection', 'close, TE'], ['Expect', '100-continue'], ['X-Forwarded-For', '9.9.9.9']],
        }),
        { upstreamHeaders: { te: null, 'keep-alive': null, upgrade: null, expect: null, 'x-forwarded-for': '9.9.9.9' }, headers: { 'keep-alive': null, 'x-end-to-end': 'kept' } },
      ),
    ],
  },
  {
    desc: "the seeds' standard set: Host $host, X-Real-IP, X-Forwarded-For (appended), -Proto, -Host, -Port",
    config: `server { listen 80; server_name ${host}; location / { proxy_pass http://{{a}}; ${STANDARD_SET} } }`,
    probes: [
      probe(req('/x'), { upstreamHeaders: { host, 'x-real-ip': '127.0.0.1', 'x-forwarded-for': '127.0.0.1', 'x-forwarded-proto': 'http', 'x-forwarded-host': host, 'x-forwarded-port': '<proxy-port>' } }),
      probe(req('/x', { host: 'App.Example.COM:8080' }), { upstreamHeaders: { host, 'x-forwarded-host': host } }),
      probe(req('/x', { headers: [['X-Forwarded-For', '203.0.113.5']] }), { upstreamHeaders: { 'x-forwarded-for': '203.0.113.5, 127.0.0.1', 'x-real-ip': '127.0.0.1' } }),
      probe(req('/x', { headers: [['X-Forwarded-For', '203.0.113.5'], ['X-Forwarded-For', '10.0.0.1, 10.0.0.2']] }), {
        upstreamHeaders: { 'x-forwarded-for': '203.0.113.5, 10.0.0.1, 10.0.0.2, 127.0.0.1' },
      }),
      probe(req('/x', { headers: [['X-Real-IP', '6.6.6.6'], ['X-Forwarded-Proto', 'https'], ['X-Forwarded-Host', 'evil.test']] }), {
        upstreamHeaders: { 'x-real-ip': '127.0.0.1', 'x-forwarded-proto': 'http', 'x-forwarded-host': host },
      }),
      probe(req('/x', { host: 'www.other.test' })),
    ],
  },
  {
    desc: 'Host $http_host (seed 000 django) and an explicit Host $proxy_host',
    config: `server { listen 80; server_name ${host};
      location /http-host/ { proxy_pass http://{{a}}; proxy_set_header Host $http_host; }
      location /proxy-host/ { proxy_pass http://{{a}}; proxy_set_header Host $proxy_host; proxy_set_header X-Proxy-Port $proxy_port; } }`,
    probes: [
      probe(req('/http-host/x', { host: 'App.Example.com:8080' }), { upstreamHeaders: { host: 'App.Example.com:8080' } }),
      probe(req('/proxy-host/x'), { upstreamHeaders: { host: '{{a}}' } }),
    ],
  },
  {
    desc: 'Host $host (imported as the pass-the-client\'s-Host switch) follows proxy_set_header inheritance',
    config: `server { listen 80; server_name ${host};
      proxy_set_header Host $host;
      proxy_set_header X-A s;
      location /inherit/ { proxy_pass http://{{a}}; }
      location /own/ { proxy_pass http://{{a}}; proxy_set_header X-B l; }
      location /only-host/ { proxy_pass http://{{a}}; proxy_set_header Host \${host}; } }`,
    probes: [
      probe(req('/inherit/x', { host: 'App.Example.com:8080' }), { upstreamHeaders: { host, 'x-a': 's' } }),
      probe(req('/own/x'), { upstreamHeaders: { host: '{{a}}', 'x-a': null, 'x-b': 'l' } }),
      probe(req('/only-host/x'), { upstreamHeaders: { host, 'x-a': null } }),
    ],
  },
  {
    desc: 'proxy_set_header: an empty value sends no header; a location with its own list does not inherit the server\'s',
    config: `server { listen 80; server_name ${host};
      proxy_set_header X-Server-Level s;
      location /inherit/ { proxy_pass http://{{a}}; }
      location /own/ { proxy_pass http://{{a}}; proxy_set_header X-Location-Level l; }
      location /empty/ { proxy_pass http://{{a}}; proxy_set_header Accept-Encoding ""; proxy_set_header X-Empty ""; proxy_set_header X-Var $http_x_absent; } }`,
    probes: [
      probe(req('/inherit/x'), { upstreamHeaders: { 'x-server-level': 's' } }),
      probe(req('/own/x'), { upstreamHeaders: { 'x-server-level': null, 'x-location-level': 'l' } }),
      probe(req('/empty/x', { headers: [['Accept-Encoding', 'gzip'], ['X-Empty', 'from-client'], ['X-Kept', 'yes']] }), {
        upstreamHeaders: { 'accept-encoding': null, 'x-empty': null, 'x-var': null, 'x-kept': 'yes' },
      }),
    ],
  },
  {
    desc: 'proxy_hide_header X-Powered-By (seed 000); the upstream Server header never reaches the client',
    config: `server { listen 80; server_name ${host};
      location /hide/ { proxy_pass http://{{a}}; proxy_hide_header X-Powered-By; proxy_hide_header Server; }
      location /plain/ { proxy_pass http://{{a}}; } }`,
    probes: [probe(req('/hide/powered'), { headers: { 'x-powered-by': null, 'x-custom-resp': 'yes' } }), probe(req('/plain/powered'), { headers: { 'x-powered-by': 'Express' } })],
  },
  {
    desc: 'add_header: without always only on 200/201/204/206/301/302/303/304/307/308; with always on every status',
    config: `server { listen 80; server_name ${host};
      location / { proxy_pass http://{{a}}; add_header X-Plain plain; add_header X-Always yes always; }
      location /dead/ { proxy_pass http://{{x}}; add_header X-Plain plain; add_header X-Always yes always; }
      location /ret/ { add_header X-Plain plain; add_header X-Always yes always; return 404; }
      location /text/ { add_header X-Plain plain; return 200 "text"; } }`,
    upstreams: { live: ['a'], dead: ['x'] },
    probes: [
      ...[200, 201, 204, 206, 301, 302, 303, 307, 308].map((s) => probe(req(`/status/${s}`), { status: s, headers: { 'x-plain': 'plain', 'x-always': 'yes' } })),
      ...[202, 400, 404, 500, 503].map((s) => probe(req(`/status/${s}`), { status: s, headers: { 'x-plain': null, 'x-always': 'yes' } })),
      probe(req('/dead/x'), { status: 502, headers: { 'x-plain': null, 'x-always': 'yes' } }),
      probe(req('/ret/x'), { status: 404, headers: { 'x-plain': null, 'x-always': 'yes' } }),
      probe(req('/text/x'), { status: 200, headers: { 'x-plain': 'plain' } }),
    ],
  },
  {
    desc: 'add_header inheritance: a location with its own add_header does not inherit the server\'s',
    config: `server { listen 80; server_name ${host};
      add_header X-Frame-Options SAMEORIGIN always;
      location /inherit/ { proxy_pass http://{{a}}; }
      location /own/ { proxy_pass http://{{a}}; add_header Cache-Control "public, immutable"; } }`,
    probes: [
      probe(req('/inherit/x'), { headers: { 'x-frame-options': 'SAMEORIGIN' } }),
      probe(req('/own/x'), { headers: { 'x-frame-options': null, 'cache-control': 'public, immutable' } }),
    ],
  },
  {
    desc: 'proxy_redirect default: the upstream\'s own URL is rewritten to the location, relative ones pass unchanged',
    config: `server { listen 80; server_name ${host};
      location /app/ { proxy_pass http://{{a}}/; }
      location /raw/ { proxy_pass http://{{a}}; }
      location /off/ { proxy_pass http://{{a}}/; proxy_redirect off; } }`,
    probes: [
      probe(req('/app/redirect-abs'), { status: 302, headers: { location: 'http://app.example.com:<proxy-port>/app/moved/abs?x=1' } }),
      probe(req('/app/redirect-rel'), { status: 302, headers: { location: '/moved/rel' } }),
      probe(req('/raw/redirect-abs'), { status: 302, headers: { location: 'http://app.example.com:<proxy-port>/moved/abs?x=1' } }),
      probe(req('/off/redirect-abs'), { status: 302 }),
    ],
  },
];

describeCases('conformance: headers', cases);
