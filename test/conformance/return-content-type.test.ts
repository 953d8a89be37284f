// `return code "text"` answers with the Content-Type nginx derives from the URI's
// extension (its `types`; the compiled-in default maps html, gif and jpg,
// case-insensitively), and default_type only for other URIs.
import { describeCases } from './harness/case-suite.ts';
import { type Case } from './harness/pair.ts';

const host = 'app.example.com';
const cases: Case[] = [
  {
    desc: 'return text: Content-Type by the URI extension, default_type otherwise',
    config: `server { listen 80; server_name ${host};
      location / { return 200 "text"; }
      location /json/ { default_type application/json; return 200 '{}'; } }`,
    probes: [
      { req: { target: '/index.html', host }, expect: { status: 200, headers: { 'content-type': 'text/html' } } },
      { req: { target: '/img/a.gif', host }, expect: { status: 200, headers: { 'content-type': 'image/gif' } } },
      { req: { target: '/img/B.JPG', host }, expect: { status: 200, headers: { 'content-type': 'image/jpeg' } } },
      { req: { target: '/doc.txt', host }, expect: { status: 200, headers: { 'content-type': 'text/plain' } } },
      { req: { target: '/json/page.html', host }, expect: { status: 200, headers: { 'content-type': 'text/html' } } },
      { req: { target: '/json/data', host }, expect: { status: 200, headers: { 'content-type': 'application/json' } } },
    ],
  },
];

describeCases('conformance: return Content-Type', cases);
