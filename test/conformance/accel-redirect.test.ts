// X-Accel-Redirect from the upstream: an internal redirect to the URI it names (with
// that URI's query, as GET) or to a named location (URI unchanged), whatever status the
// upstream sent; which of the upstream's headers reach the client (Set-Cookie,
// Content-Disposition, Cache-Control, Expires; its Content-Type unless the new answer
// brings one); an internal location serving the file; proxy_ignore_headers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeCases } from './harness/case-suite.ts';
import { type Case, requestsTo, probe } from './harness/pair.ts';
import type { RawRequest } from './harness/raw-http.ts';

const host = 'app.example.com';
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-conf-accel-'));
fs.mkdirSync(path.join(root, 'protected'));
fs.writeFileSync(path.join(root, 'protected', 'report.txt'), 'secret report\n');
const req = requestsTo(host);
const to = (uri: string) => `/app/xaccel?to=${encodeURIComponent(uri)}`;

const cases: Case[] = [
  {
    desc: 'X-Accel-Redirect to an internal location serving files, to a proxied URI, to a named location',
    config: `server { listen 80; server_name ${host}; root ${root};
      location /app/ { proxy_pass http://{{a}}; }
      location /protected/ { internal; }
      location /back/ { proxy_pass http://{{b}}; }
      location @named { return 200 "named uri=$uri method=$request_method"; } }`,
    upstreams: { live: ['a', 'b'] },
    probes: [
      probe(req(to('/protected/report.txt')), {
        status: 200,
        body: 'secret report\n',
        upstreams: ['a'],
        headers: { 'content-type': 'application/x-accel-test', 'set-cookie': 'accel=1', 'content-disposition': 'attachment; filename="x.txt"', 'cache-control': 'max-age=5', 'x-custom': null },
      }),
      probe(req('/protected/report.txt'), { status: 404, upstreams: [] }),
      probe(req(to('/back/next?q=1')), { status: 200, upstreams: ['a', 'b'], headers: { 'content-type': 'text/plain', 'set-cookie': 'accel=1' } }),
      probe(req(to('@named')), { status: 200, body: 'named uri=/app/xaccel method=GET', headers: { 'content-type': 'application/x-accel-test' } }),
      probe(req(`/app/status/404/xaccel?to=${encodeURIComponent('/protected/report.txt')}`), { status: 200, body: 'secret report\n' }),
      probe(req(to('/protected/missing.txt')), { status: 404, headers: { 'set-cookie': 'accel=1' } }),
      probe(req(to('/protected/report.txt'), { method: 'HEAD' }), { status: 200, body: '' }),
    ],
  },
  {
    desc: 'proxy_ignore_headers X-Accel-Redirect passes the upstream answer (the header stays hidden)',
    config: `server { listen 80; server_name ${host}; root ${root};
      location /app/ { proxy_ignore_headers X-Accel-Redirect; proxy_pass http://{{a}}; }
      location /protected/ { internal; } }`,
    probes: [probe(req(to('/protected/report.txt')), { status: 200, body: 'a 200', headers: { 'x-accel-redirect': null, 'x-custom': 'dropped' } })],
  },
];

describeCases('conformance: X-Accel-Redirect', cases, { cleanup: () => fs.rmSync(root, { recursive: true, force: true }) });
