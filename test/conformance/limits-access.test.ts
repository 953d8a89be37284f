// limit_req, limit_conn's neighbour allow/deny, as nginx applies them: the same request
// sequence through both, counted request by request.
import { describeCases } from './harness/case-suite.ts';
import { type Case } from './harness/pair.ts';

const host = 'limits.example.com';
const cases: Case[] = [
  {
    // The seeds' pattern with a slow rate, so the sequence does not depend on timing:
    // a new client's first request is free, then `burst` more, then 429.
    desc: 'limit_req rate=1r/s burst=5 nodelay with limit_req_status 429',
    config: `limit_req_zone $binary_remote_addr zone=api_limit:10m rate=1r/s;
      server { listen 80; server_name ${host};
        location /api/ { limit_req zone=api_limit burst=5 nodelay; limit_req_status 429; proxy_pass http://{{a}}; } }`,
    probes: [
      { req: { target: '/api/x', host }, expect: { status: 200 }, times: 6 },
      { req: { target: '/api/x', host }, expect: { status: 429 }, times: 4 },
      // Another client has its own bucket.
      { req: { target: '/api/x', host, localAddress: '127.0.0.2' }, expect: { status: 200 } },
    ],
  },
  {
    desc: 'limit_req without limit_req_status answers 503',
    config: `limit_req_zone $binary_remote_addr zone=z:10m rate=1r/m;
      server { listen 80; server_name ${host}; location / { limit_req zone=z; proxy_pass http://{{a}}; } }`,
    probes: [
      { req: { target: '/', host }, expect: { status: 200 } },
      { req: { target: '/', host }, expect: { status: 503 } },
    ],
  },
  {
    desc: 'allow/deny: the first matching rule decides, in order',
    config: `server { listen 80; server_name ${host};
      location /admin/ { allow 127.0.0.1; deny all; proxy_pass http://{{a}}; }
      location /office/ { deny 127.0.0.2; allow 127.0.0.0/8; deny all; proxy_pass http://{{a}}; }
      location /closed/ { deny all; proxy_pass http://{{a}}; } }`,
    probes: [
      { req: { target: '/admin/x', host }, expect: { status: 200 } },
      { req: { target: '/admin/x', host, localAddress: '127.0.0.2' }, expect: { status: 403 } },
      { req: { target: '/office/x', host, localAddress: '127.0.0.2' }, expect: { status: 403 } },
      { req: { target: '/office/x', host, localAddress: '127.0.0.3' }, expect: { status: 200 } },
      { req: { target: '/closed/x', host }, expect: { status: 403 } },
    ],
  },
  {
    // return runs in the rewrite phase: neither limits nor access rules see it.
    desc: 'return is answered before limits and access rules',
    config: `limit_req_zone $binary_remote_addr zone=r:10m rate=1r/m;
      server { listen 80; server_name ${host};
        location /r/ { limit_req zone=r; deny all; return 200 "returned"; } }`,
    probes: [{ req: { target: '/r/x', host }, expect: { status: 200 }, times: 3 }],
  },
];

describeCases('conformance: limits and access', cases);
