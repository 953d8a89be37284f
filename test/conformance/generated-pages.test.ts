// Pages and answers the proxy makes itself: the generated pages' Content-Type and
// Cache-Control (strictPages), and requests refused before routing (missing Host,
// requests the HTTP parser rejects). TRACE's Allow header is a documented difference.
import { describeCases } from './harness/case-suite.ts';
import { type Case } from './harness/pair.ts';

const host = 'app.example.com';
const CONFIG = `server { listen 80; server_name ${host};
  location /dead/ { proxy_pass http://{{x}}; }
  location /slow/ { proxy_pass http://{{a}}; proxy_read_timeout 300ms; }
  location /small/ { proxy_pass http://{{a}}; client_max_body_size 10; }
  location = /redirect { return 302 /elsewhere; }
  location /api/ { proxy_pass http://{{a}}; } }`;

const cases: Case[] = [
  {
    desc: 'part 1: Content-Type and Cache-Control of generated error and redirect pages',
    config: CONFIG,
    upstreams: { live: ['a'], dead: ['x'] },
    options: { strictPages: true },
    probes: [
      { req: { target: '/nowhere', host }, expect: { status: 404, headers: { 'content-type': 'text/html', 'cache-control': null } } },
      { req: { target: '/dead/x', host }, expect: { status: 502, headers: { 'content-type': 'text/html', 'cache-control': null } } },
      { req: { target: '/slow/hold', host }, expect: { status: 504, headers: { 'content-type': 'text/html' } } },
      { req: { target: '/small/x', host, method: 'POST', body: 'x'.repeat(100) }, expect: { status: 413, headers: { 'content-type': 'text/html' } } },
      { req: { target: '/redirect', host }, expect: { status: 302, headers: { 'content-type': 'text/html' } } },
      { req: { target: '/api', host }, expect: { status: 301, headers: { 'content-type': 'text/html' } } },
    ],
  },
  {
    desc: 'part 2: answers to requests refused before routing',
    config: CONFIG,
    upstreams: { live: ['a'], dead: ['x'] },
    probes: [
      // HTTP/1.1 without Host: 400 with the proxy's page.
      { req: { target: '/api/x', host: null }, expect: { status: 400, headers: { 'content-type': '<generated page>' } } },
      // Requests the HTTP parser rejects: 400 with the proxy's page.
      { req: { target: '/api/x', host, method: 'get' }, expect: { status: 400, headers: { 'content-type': '<generated page>' } } },
      {
        req: { target: '/api/x', host, method: 'POST', headers: [['Transfer-Encoding', 'chunked'], ['Content-Length', '3']], body: '3\r\nabc\r\n0\r\n\r\n' },
        expect: { status: 400, headers: { 'content-type': '<generated page>' } },
      },
    ],
  },
];

describeCases('conformance: generated pages', cases);
