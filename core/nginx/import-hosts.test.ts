import { describe } from 'vitest';
import { OK, server, host, location, run } from '../../test/helpers/import-test-cases.ts';

describe('hosts: listen, server_name, default servers', () => {
  run([
    { desc: 'listen 80 → http; the only server is the default (as in nginx)', input: server(OK), select: (p) => host(p), expected: { entrypoints: ['http'], defaultServer: true, serverNames: ['a.example.com'] } },
    { desc: 'listen 443 ssl http2 → https', input: server(OK, 'listen 443 ssl http2; server_name a.example.com;'), select: (p) => host(p), expected: { entrypoints: ['https'] } },
    { desc: 'listen 80 and [::]:443 ssl', input: server(OK, 'listen 80; listen [::]:443 ssl; server_name a.example.com;'), select: (p) => host(p), expected: { entrypoints: ['http', 'https'] } },
    {
      desc: 'default_server wins over the first server',
      input: `${server(OK)} ${server(OK, 'listen 80 default_server; server_name b.example.com;')}`,
      select: (p) => p.hosts.map((h) => h.defaultServer),
      expected: [false, true],
    },
    {
      desc: 'a server that nginx makes default on one port only is not Portico-default',
      input: `${server(OK, 'listen 80; listen 443 ssl; server_name a.example.com;')} ${server(OK, 'listen 443 ssl default_server; server_name b.example.com;')}`,
      select: (p) => p.hosts.map((h) => h.defaultServer),
      expected: [false, true],
      warnings: ['note server'],
    },
    {
      desc: 'a port-80 and a port-443 server with the same names and content become one host on both entrypoints',
      input: `${server(OK, 'listen 80; server_name a.example.com;')} ${server(OK, 'listen 443 ssl; server_name a.example.com;')}`,
      select: (p) => p.hosts.map((h) => [h.serverNames, h.entrypoints]),
      expected: [[['a.example.com'], ['http', 'https']]],
      warnings: ['note server'],
    },
    {
      desc: 'the same names with different content on another port: the first server keeps them (one host per name), with a warning',
      input: `${server(OK, 'listen 80; server_name a.example.com;')} ${server('location / { return 204; }', 'listen 443 ssl; server_name a.example.com;')}`,
      select: (p) => p.hosts.map((h) => [h.serverNames, h.entrypoints]),
      expected: [[['a.example.com'], ['http']], [['default.invalid'], ['https']]],
      warnings: ['unsupported server', 'note server'],
    },
    { desc: 'other ports map to the entrypoints, with a note', input: server(OK, 'listen 8443 ssl; server_name a.example.com;'), select: (p) => host(p), expected: { entrypoints: ['https'] }, warnings: ['note listen'] },
    {
      desc: 'server names: wildcards, regex (PCRE named group), IDN, invalid dropped',
      input: server(OK, 'listen 80; server_name Example.COM *.example.com www.example.* ~^(?P<sub>.+)\\.example\\.net$ bücher.de bad_name;'),
      select: (p) => host(p).serverNames,
      expected: ['example.com', '*.example.com', 'www.example.*', '~^(?<sub>.+)\\.example\\.net$', 'xn--bcher-kva.de'],
      warnings: ['unsupported server_name'],
    },
    { desc: 'a nameless server gets a placeholder name', input: 'server { location / { proxy_pass http://127.0.0.1:3000; } }', select: (p) => host(p), expected: { serverNames: ['default.invalid'], defaultServer: true }, warnings: ['note server'] },
    {
      desc: 'catch-all "return 444" → unknownHost close',
      input: `server { listen 80 default_server; server_name _; return 444; } ${server(OK)}`,
      select: (p) => ({ settings: p.settings, hosts: p.hosts.length, defaults: p.hosts.map((h) => h.defaultServer) }),
      expected: { settings: { unknownHost: 'close' }, hosts: 1, defaults: [false] },
      warnings: ['note server'],
    },
    { desc: 'catch-all "return 404" → unknownHost not_found', input: 'server { listen 80 default_server; server_name ""; location / { return 404; } }', select: (p) => p.settings, expected: { unknownHost: 'not_found' }, warnings: ['note server'] },
    {
      desc: 'HTTP→HTTPS redirect server merges into its HTTPS twin',
      input: `server { listen 80; server_name a.example.com www.a.example.com; return 301 https://$host$request_uri; } ${server('location / { proxy_pass http://127.0.0.1:3000; }', 'listen 443 ssl; server_name www.a.example.com a.example.com;')}`,
      select: (p) => ({ count: p.hosts.length, host: host(p) }),
      expected: { count: 1, host: { entrypoints: ['http', 'https'], tls: { forceHttps: true, redirectStatus: 301 }, defaultServer: true } },
    },
    {
      desc: 'the redirect may also be the only location',
      input: `server { listen 80; server_name a.example.com; location / { return 308 https://$server_name$request_uri; } } ${server(OK, 'listen 443 ssl; server_name a.example.com;')}`,
      select: (p) => p.hosts,
      expected: [{ entrypoints: ['http', 'https'], tls: { forceHttps: true, redirectStatus: 308 } }],
    },
    {
      desc: 'a name nginx answers with an earlier server is left out of later ones',
      input: `${server(OK, 'listen 80; server_name a.example.com;')} ${server(OK, 'listen 80; server_name a.example.com b.example.com;')}`,
      select: (p) => p.hosts.map((h) => h.serverNames),
      expected: [['a.example.com'], ['b.example.com']],
      warnings: ['unsupported server'],
    },
    {
      desc: 'a redirect to another host stays a redirect location',
      input: server('return 301 https://b.example.com$request_uri;'),
      select: (p) => host(p).locations,
      expected: [{ matchKind: 'PREFIX', path: '/', action: { kind: 'redirect', status: 301, url: 'https://b.example.com$request_uri' } }],
    },
    {
      desc: 'HSTS on every response of an HTTPS host → tls.hsts',
      input: server('add_header Strict-Transport-Security "max-age=63072000; includeSubDomains; preload" always; location / { proxy_pass http://127.0.0.1:3000; }', 'listen 443 ssl; server_name a.example.com;'),
      select: (p) => ({ tls: host(p).tls, policies: host(p).policies }),
      expected: { tls: { hsts: { enabled: true, maxAgeSeconds: 63072000, includeSubDomains: true, preload: true } }, policies: {} },
    },
    {
      desc: 'HSTS stays a header when a location replaces the add_header list (nginx sends none there)',
      input: server('add_header Strict-Transport-Security "max-age=600" always; location /a/ { add_header X-A 1; proxy_pass http://127.0.0.1:3000; }', 'listen 443 ssl; server_name a.example.com;'),
      select: (p) => ({ hsts: host(p).tls.hsts.enabled, a: location(p, '/a/').policies.responseHeaders }),
      expected: { hsts: false, a: { add: [{ name: 'X-A', value: '1', always: false }] } },
    },
  ]);
});

describe('proxy_pass', () => {
  const loc = (pass: string, prefix = 'location /api/') => server(`${prefix} { proxy_pass ${pass}; }`);
  run([
    { desc: 'no URI part → uri null', input: loc('http://127.0.0.1:3000'), select: (p) => location(p, '/api/').action, expected: { kind: 'proxy', scheme: 'http', address: '127.0.0.1:3000', uri: null } },
    { desc: 'trailing slash → uri "/"', input: loc('http://127.0.0.1:3000/'), select: (p) => location(p, '/api/').action, expected: { address: '127.0.0.1:3000', uri: '/' } },
    { desc: 'path → uri', input: loc('http://127.0.0.1:3000/api/v2/'), select: (p) => location(p, '/api/').action, expected: { uri: '/api/v2/' } },
    { desc: 'https defaults to port 443', input: loc('https://backend.internal'), select: (p) => location(p, '/api/').action, expected: { scheme: 'https', address: 'backend.internal:443' } },
    { desc: 'http defaults to port 80', input: loc('http://backend.internal'), select: (p) => location(p, '/api/').action, expected: { address: 'backend.internal:80' } },
    { desc: 'IPv6 address', input: loc('http://[::1]:8080'), select: (p) => location(p, '/api/').action, expected: { address: '[::1]:8080' } },
    { desc: 'unix socket with a URI', input: loc('http://unix:/run/app.sock:/v1/'), select: (p) => location(p, '/api/').action, expected: { address: 'unix:/run/app.sock', uri: '/v1/' } },
    {
      desc: 'upstream name → pool name in poolId (matched case-insensitively, as nginx)',
      input: `upstream Backend { server 127.0.0.1:3001; } ${loc('http://backend/')}`,
      select: (p) => location(p, '/api/').action,
      expected: { poolId: 'Backend', uri: '/' },
    },
    { desc: 'regex location cannot have a URI part', input: loc('http://127.0.0.1:3000/x', 'location ~ ^/api/'), select: (p) => host(p).locations[0]!.action, expected: { uri: null }, warnings: ['unsupported proxy_pass'] },
    { desc: 'variables → location not imported', input: loc('http://$backend'), select: (p) => host(p).locations, expected: [], warnings: ['unsupported proxy_pass'] },
  ]);
});

describe('which default servers come from the first-server rule alone (the preview says so in words)', () => {
  const implicit = (p: Parameters<typeof host>[0]) => p.implicitDefaultServers ?? [];
  run([
    { desc: 'a single server without default_server', input: server(OK), select: implicit, expected: ['a.example.com'] },
    { desc: 'a single server with default_server', input: server(OK, 'listen 80 default_server; server_name a.example.com;'), select: implicit, expected: [] },
    { desc: 'two servers, none marked: the first', input: `${server(OK)} ${server(OK, 'listen 80; server_name b.example.com;')}`, select: implicit, expected: ['a.example.com'] },
    { desc: 'two servers, the second marked', input: `${server(OK)} ${server(OK, 'listen 80 default_server; server_name b.example.com;')}`, select: implicit, expected: [] },
    {
      desc: 'an HTTPS server and its redirect, the redirect marked default_server',
      input: `server { listen 80 default_server; server_name a.example.com; return 301 https://$host$request_uri; } ${server(OK, 'listen 443 ssl; server_name a.example.com;')}`,
      select: implicit,
      expected: [],
    },
  ]);
});
