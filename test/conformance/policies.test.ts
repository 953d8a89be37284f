// Policies applied by engine stages beyond plain proxying, compared with nginx: rewrite,
// the CORS recipe of seed 002, gzip.
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { itCases, usePortico } from './harness/case-suite.ts';
import type { Observation } from './harness/normalise.ts';
import { startPair, type Case } from './harness/pair.ts';

const host = 'app.example.com';
const cases: Case[] = [
  {
    desc: 'rewrite ... break before proxy_pass changes the URI the upstream receives',
    config: `server { listen 80; server_name ${host};
      location /old/ { rewrite ^/old/(.*)$ /new/$1 break; proxy_pass http://{{a}}; } }`,
    probes: [{ req: { target: '/old/x?y=1', host }, expect: { status: 200, target: '/new/x?y=1' } }],
  },
  {
    desc: "seed 002's CORS recipe: preflight answered 204 with the Access-Control headers; ACAO on every answer",
    config: `server { listen 80; server_name ${host};
      location /api/ {
        if ($request_method = OPTIONS) {
          add_header Access-Control-Allow-Origin "https://app.example.com";
          add_header Access-Control-Allow-Methods "GET, POST, PUT, DELETE";
          add_header Access-Control-Allow-Headers "Authorization, Content-Type";
          return 204;
        }
        add_header Access-Control-Allow-Origin "https://app.example.com" always;
        proxy_pass http://{{a}};
      } }`,
    probes: [
      {
        req: { target: '/api/x', host, method: 'OPTIONS', headers: [['Origin', 'https://app.example.com'], ['Access-Control-Request-Method', 'PUT']] },
        expect: { status: 204, upstreams: [], headers: { 'access-control-allow-origin': 'https://app.example.com', 'access-control-allow-methods': 'GET, POST, PUT, DELETE' } },
      },
      { req: { target: '/api/x', host, headers: [['Origin', 'https://app.example.com']] }, expect: { status: 200, headers: { 'access-control-allow-origin': 'https://app.example.com' } } },
      // nginx's recipe sends the header whatever the Origin (or none); a CORS policy may
      // rightly decide otherwise — then say so in docs/nginx-compatibility.md.
      { req: { target: '/api/x', host }, expect: { status: 200, headers: { 'access-control-allow-origin': 'https://app.example.com' } } },
    ],
  },
];

describe('conformance: imported policies the engine does not apply yet', () => {
  const portico = usePortico();
  itCases(portico, cases);

  it('gzip on (gzip_proxied any, text/plain): the answer is compressed; the decoded bodies match', async () => {
    const config = `server { listen 80; server_name ${host};
      location / { gzip on; gzip_types text/plain; gzip_min_length 1; gzip_proxied any; proxy_pass http://{{a}}; } }`;
    const pair = await startPair(portico(), config, { live: ['a'] });
    try {
      const req = { target: '/x', host, headers: [['Accept-Encoding', 'gzip']] as [string, string][] };
      // Compressed bytes depend on the zlib build and level: compare what they decode to.
      const decoded = (o: Observation) => ({ ...o, body: o.headers.includes('content-encoding: gzip') ? gunzipSync(Buffer.from(o.body, 'latin1')).toString() : o.body });
      const seen = await pair.send(req);
      expect.soft(seen.nginx.headers).toContain('content-encoding: gzip');
      expect.soft(decoded(seen.portico)).toEqual(decoded(seen.nginx));
    } finally {
      await pair.close();
    }
  });
});
