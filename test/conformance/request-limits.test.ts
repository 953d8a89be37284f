// Request-size limits, as nginx 1.22 applies them by default (large_client_header_buffers 4 8k).
import { describeCases } from './harness/case-suite.ts';
import { type Case } from './harness/pair.ts';

const host = 'app.example.com';
const cases: Case[] = [
  {
    desc: 'a header line over 8k: 400 (nginx: "Request Header Or Cookie Too Large")',
    config: `server { listen 80; server_name ${host}; location / { proxy_pass http://{{a}}; } }`,
    probes: [
      { req: { target: '/x', host, headers: [['Cookie', `a=${'c'.repeat(10_000)}`]] }, expect: { status: 400, upstreams: [] } },
      { req: { target: '/x', host, headers: [['X-Small', 's'.repeat(7_000)]] }, expect: { status: 200 } },
    ],
  },
  {
    desc: 'a request line over 8k: 414',
    config: `server { listen 80; server_name ${host}; location / { proxy_pass http://{{a}}; } }`,
    probes: [
      { req: { target: `/${'u'.repeat(9_000)}`, host }, expect: { status: 414, upstreams: [] } },
      { req: { target: `/${'u'.repeat(7_000)}`, host }, expect: { status: 200 } },
    ],
  },
];

describeCases('conformance: request limits', cases);
