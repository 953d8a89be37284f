// proxy_pass URI rules (seed 002 "Trailing slash matters", seed 000 configurations A/B):
// what request target the upstream receives, nginx vs Portico, for the same requests.
import { describeCases } from './harness/case-suite.ts';
import { type Case } from './harness/pair.ts';

const host = 'app.example.com';
const get = (target: string, expectTarget: string) => ({ req: { target, host }, expect: { status: 200, target: expectTarget } });

const cases: Case[] = [
  {
    desc: 'no URI part: the request URI is passed unchanged, query and escapes included',
    config: `server { listen 80; server_name ${host}; location /api/ { proxy_pass http://{{a}}; } }`,
    probes: [
      get('/api/users', '/api/users'),
      get('/api/users?x=1&y=%20z&x=2', '/api/users?x=1&y=%20z&x=2'),
      get('/api/a%20b', '/api/a%20b'),
      get('/api/caf%C3%A9', '/api/caf%C3%A9'),
      get('/api/a+b;c=d', '/api/a+b;c=d'),
      get('/api/', '/api/'),
      // As sent, not normalised: routing decided on the resolved path.
      get('/api/%7Euser', '/api/%7Euser'),
      get('/api//a/./b', '/api//a/./b'),
      get('/api/caf%c3%a9', '/api/caf%c3%a9'),
      get('/api/x/../y?q=%7E', '/api/x/../y?q=%7E'),
    ],
  },
  {
    desc: 'trailing slash: the location prefix is replaced by "/"',
    config: `server { listen 80; server_name ${host}; location /api/ { proxy_pass http://{{a}}/; } }`,
    probes: [
      get('/api/users', '/users'),
      get('/api/', '/'),
      get('/api/users/42?expand=1', '/users/42?expand=1'),
      get('/api/a%20b', '/a%20b'),
      get('/api/caf%C3%A9', '/caf%C3%A9'),
      get('/api/%7Euser', '/~user'),
    ],
  },
  {
    desc: 'explicit path: /v2/ → /api/v2/ (seed 002)',
    config: `upstream backend { server {{a}}; } server { listen 80; server_name ${host}; location /v2/ { proxy_pass http://backend/api/v2/; } }`,
    probes: [get('/v2/users', '/api/v2/users'), get('/v2/users?page=2', '/api/v2/users?page=2'), get('/v2/', '/api/v2/')],
  },
  {
    desc: 'prefix without a trailing slash, with a URI part',
    config: `server { listen 80; server_name ${host}; location /api { proxy_pass http://{{a}}/backend; } }`,
    probes: [get('/api', '/backend'), get('/api/x', '/backend/x'), get('/apix?q=1', '/backendx?q=1')],
  },
  {
    desc: 'exact location with a URI part',
    config: `server { listen 80; server_name ${host}; location = /login { proxy_pass http://{{a}}/auth/login; } location / { return 404; } }`,
    probes: [get('/login', '/auth/login'), get('/login?next=/home', '/auth/login?next=/home'), { req: { target: '/login/', host }, expect: { status: 404 } }],
  },
  {
    desc: 'upstream block with and without a URI part in two locations',
    config: `upstream backend { server {{a}}; }
      server { listen 80; server_name ${host};
        location /app/ { proxy_pass http://backend; }
        location /strip/ { proxy_pass http://backend/; } }`,
    probes: [get('/app/dashboard', '/app/dashboard'), get('/strip/dashboard', '/dashboard')],
  },
];

describeCases('conformance: proxy_pass URI rules', cases);
