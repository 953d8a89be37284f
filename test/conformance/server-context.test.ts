// Server-level add_header on answers made in the server's context (no location matched).
import { describeCases } from './harness/case-suite.ts';
import { type Case } from './harness/pair.ts';

const host = 'app.example.com';
const cases: Case[] = [
  {
    // No location matches: nginx answers 404 in the server's context, server-level
    // add_header ... always included.
    desc: 'server-level add_header ... always on the 404 for a path no location matches',
    config: `server { listen 80; server_name ${host};
      add_header X-Frame-Options SAMEORIGIN always;
      location /api/ { proxy_pass http://{{a}}; } }`,
    probes: [
      { req: { target: '/api/x', host }, expect: { status: 200, headers: { 'x-frame-options': 'SAMEORIGIN' } } },
      { req: { target: '/elsewhere', host }, expect: { status: 404, headers: { 'x-frame-options': 'SAMEORIGIN' } } },
    ],
  },
];

describeCases('conformance: server context', cases);
