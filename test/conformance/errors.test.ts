// Error statuses the proxy produces itself: upstream refused → 502, upstream too slow →
// 504 (a small proxy_read_timeout), client_max_body_size → 413 for Content-Length and
// chunked bodies, and what the upstream receives when a body is within the limit.
import { describeCases } from './harness/case-suite.ts';
import { type Case, requestsTo, probe } from './harness/pair.ts';
import type { RawRequest } from './harness/raw-http.ts';

const host = 'app.example.com';
const req = requestsTo(host);

const cases: Case[] = [
  {
    desc: 'upstream refuses the connection → 502 (an address, and a one-server upstream block)',
    config: `upstream gone { server {{x}}; }
      server { listen 80; server_name ${host};
        location /addr/ { proxy_pass http://{{x}}; }
        location /pool/ { proxy_pass http://gone; } }`,
    upstreams: { dead: ['x'] },
    probes: [
      probe(req('/addr/x'), { status: 502, upstreams: [] }),
      probe(req('/pool/x'), { status: 502, upstreams: [] }),
      probe(req('/pool/x', { method: 'POST', body: 'payload' }), { status: 502 }),
      probe(req('/addr/x', { method: 'HEAD' }), { status: 502, body: '' }),
    ],
  },
  {
    desc: 'upstream does not answer within proxy_read_timeout → 504',
    config: `server { listen 80; server_name ${host};
      location / { proxy_pass http://{{a}}; proxy_read_timeout 300ms; } }`,
    probes: [probe(req('/hold'), { status: 504, upstreams: ['a'] }), probe(req('/fast'), { status: 200 })],
  },
  {
    desc: 'client_max_body_size: 413 past the limit (Content-Length or chunked); within it the upstream gets the body',
    config: `server { listen 80; server_name ${host};
      location / { proxy_pass http://{{a}}; client_max_body_size 10; }
      location /unlimited/ { proxy_pass http://{{a}}; client_max_body_size 0; } }`,
    probes: [
      probe(req('/upload', { method: 'POST', body: 'x'.repeat(100) }), { status: 413, upstreams: [] }),
      probe(req('/upload', { method: 'POST', chunks: ['x'.repeat(60), 'y'.repeat(40)] }), { status: 413, upstreams: [] }),
      probe(req('/upload', { method: 'POST', body: 'x'.repeat(10) }), { status: 200, upstreams: ['a'] }),
      probe(req('/upload', { method: 'PUT', chunks: ['hel', 'lo'] }), { status: 200, upstreams: ['a'] }),
      probe(req('/unlimited/upload', { method: 'POST', body: 'z'.repeat(5000) }), { status: 200, upstreams: ['a'] }),
    ],
  },
  {
    desc: 'the default client_max_body_size is 1m',
    config: `server { listen 80; server_name ${host}; location / { proxy_pass http://{{a}}; } }`,
    probes: [
      probe(req('/upload', { method: 'POST', body: 'x'.repeat(1024 * 1024) }), { status: 200 }),
      probe(req('/upload', { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) }), { status: 413, upstreams: [] }),
    ],
  },
];

describeCases('conformance: error statuses', cases);
