import { describe, expect, it } from 'vitest';
import { OK, server, host, location, run } from '../../test/helpers/import-test-cases.ts';

describe('locations', () => {
  run([
    {
      desc: 'modifiers',
      input: server('location = /a { return 200; } location ^~ /b/ { return 200; } location ~ \\.php$ { return 200; } location ~* \\.(png|jpg)$ { return 200; } location /c { return 200; }'),
      select: (p) => host(p).locations.map((l) => `${l.matchKind} ${l.path}`),
      expected: ['EXACT /a', 'PREFIX_NOREGEX /b/', 'REGEX \\.php$', 'REGEX_ICASE \\.(png|jpg)$', 'PREFIX /c'],
    },
    { desc: 'leading (?i) becomes REGEX_ICASE', input: server('location ~ (?i)^/x { return 200; }'), select: (p) => host(p).locations[0], expected: { matchKind: 'REGEX_ICASE', path: '^/x' } },
    {
      desc: 'nested locations flatten; nested regexes are limited to the prefix and checked first',
      input: server('location ~ \\.txt$ { return 200 top; } location /static/ { root /srv; location ~ \\.css$ { expires 1d; } location /static/img/ { expires 2d; } }'),
      select: (p) => host(p).locations.map((l) => [l.matchKind, l.path, l.action.kind]),
      expected: [
        ['REGEX', '^/static/.*\\.css$', 'static'],
        ['PREFIX', '/static/', 'static'],
        ['REGEX', '\\.txt$', 'return'],
        ['PREFIX', '/static/img/', 'static'],
      ],
    },
    { desc: 'nested locations inherit the parent (root)', input: server('location /s/ { root /srv; location /s/x/ { } }'), select: (p) => location(p, '/s/x/').action, expected: { kind: 'static', root: '/srv' } },
    {
      desc: 'named locations are EXACT "@name" locations',
      input: server('location @fallback { proxy_pass http://127.0.0.1:3000; } location / { try_files $uri @fallback; }'),
      select: (p) => host(p).locations.map((l) => [l.matchKind, l.path]),
      expected: [['EXACT', '@fallback'], ['PREFIX', '/']],
      warnings: ['note location'],
    },
    { desc: 'a named location nested in another is refused (as nginx)', input: server('location / { location @x { return 200; } return 204; }'), select: (p) => host(p).locations.map((l) => l.path), expected: ['/'], warnings: ['unsupported location'] },
    { desc: 'internal locations', input: server('location /i/ { internal; root /srv; } location / { return 200; }'), select: (p) => host(p).locations.map((l) => [l.path, l.policies.internal ?? false]), expected: [['/i/', true], ['/', false]] },
    { desc: 'no handler and no root: nginx default root', input: server('location /x/ { }'), select: (p) => location(p, '/x/').action, expected: { kind: 'static', root: '/usr/share/nginx/html' }, warnings: ['note location'] },
    {
      desc: 'static: root, index, try_files, autoindex',
      input: server('root /var/www; index index.htm index.html; location / { try_files $uri $uri/ /index.html; autoindex on; }'),
      select: (p) => location(p, '/').action,
      expected: { kind: 'static', root: '/var/www', index: ['index.htm', 'index.html'], tryFiles: ['$uri', '$uri/', '/index.html'], autoindex: true },
    },
    { desc: 'alias', input: server('location /s/ { alias /srv/static/; }'), select: (p) => location(p, '/s/').action, expected: { kind: 'static', alias: '/srv/static/' } },
    {
      desc: 'return forms',
      input: server('default_type application/json; location = /a { return 301 https://x.example$request_uri; } location = /b { return https://y.example; } location = /c { return 200 "{\\"ok\\":true}"; } location = /d { return 444; }'),
      select: (p) => host(p).locations.map((l) => l.action),
      expected: [
        { kind: 'redirect', status: 301, url: 'https://x.example$request_uri' },
        { kind: 'redirect', status: 302, url: 'https://y.example' },
        { kind: 'return', status: 200, body: '{"ok":true}', contentType: 'application/json' },
        { kind: 'return', status: 444, body: '' },
      ],
    },
    {
      desc: 'return answers before access checks (as nginx): the deny is reported',
      input: server('location ~ /\\. { deny all; return 404; }'),
      select: (p) => host(p).locations[0],
      expected: { action: { kind: 'return', status: 404 }, policies: {} },
      warnings: ['note deny'],
    },
  ]);
});

describe('inheritance: http → server → location', () => {
  run([
    {
      desc: 'proxy_set_header at the server is inherited by locations that set none',
      input: server('proxy_set_header X-A 1; location / { proxy_pass http://127.0.0.1:3000; }'),
      select: (p) => ({ host: host(p).policies.proxyHeaders, loc: location(p, '/').policies.proxyHeaders }),
      expected: { host: [{ name: 'X-A', value: '1' }], loc: undefined },
    },
    {
      desc: 'a location with its own proxy_set_header does not inherit any',
      input: server('proxy_set_header Host $host; location / { proxy_set_header X-A 1; proxy_pass http://127.0.0.1:3000; }'),
      select: (p) => location(p, '/').policies.proxyHeaders,
      expected: [{ name: 'X-A', value: '1' }],
    },
    {
      desc: 'http-level directives reach every host',
      input: `http { proxy_set_header X-Forwarded-Proto $scheme; client_max_body_size 1g; ${server(OK)} }`,
      select: (p) => host(p).policies,
      expected: { proxyHeaders: [{ name: 'X-Forwarded-Proto', value: '$scheme' }], maxBodyBytes: 1024 ** 3 },
    },
    {
      desc: 'a location timeout keeps the inherited ones',
      input: server('proxy_connect_timeout 5s; location / { proxy_read_timeout 1h; proxy_pass http://127.0.0.1:3000; }'),
      select: (p) => location(p, '/').policies.timeouts,
      expected: { connectMs: 5000, sendMs: 60000, readMs: 3600000 },
    },
    {
      desc: 'Connection "" and Host $proxy_host are imported as written or absorbed',
      input: server('location / { proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header Host $proxy_host; proxy_pass http://127.0.0.1:3000; }'),
      select: (p) => location(p, '/').policies,
      expected: { proxyHeaders: [{ name: 'Connection', value: '' }] },
    },
  ]);
});

describe("the client's Host: proxy_set_header Host $host is the passHostHeader switch, set wherever a list is", () => {
  const P = 'proxy_pass http://127.0.0.1:3000;';
  // "unset" spelled out, so that a section that should be absent is checked too.
  const pick = (policies: { passHostHeader?: boolean; proxyHeaders?: unknown }) => ({ passHostHeader: policies.passHostHeader ?? 'unset', proxyHeaders: policies.proxyHeaders ?? 'unset' });
  const both = (p: Parameters<typeof host>[0], path: string) => ({ host: pick(host(p).policies), loc: pick(location(p, path).policies) });
  run([
    {
      desc: 'at the server, inherited by a location without its own list',
      input: server(`proxy_set_header Host $host; location / { ${P} }`),
      select: (p) => both(p, '/'),
      expected: { host: { passHostHeader: true, proxyHeaders: 'unset' }, loc: { passHostHeader: 'unset', proxyHeaders: 'unset' } },
    },
    {
      desc: '${host} is the same variable',
      input: server(`location / { proxy_set_header Host \${host}; proxy_set_header X-A 1; ${P} }`),
      select: (p) => pick(location(p, '/').policies),
      expected: { passHostHeader: true, proxyHeaders: [{ name: 'X-A', value: '1' }] },
    },
    {
      desc: "a location's own list without Host sends $proxy_host again: the switch is off there",
      input: server(`proxy_set_header Host $host; proxy_set_header X-A 1; location / { proxy_set_header X-B 2; ${P} }`),
      select: (p) => both(p, '/'),
      expected: { host: { passHostHeader: true, proxyHeaders: [{ name: 'X-A', value: '1' }] }, loc: { passHostHeader: false, proxyHeaders: [{ name: 'X-B', value: '2' }] } },
    },
    {
      desc: 'a location whose list is only Host $host inherits none of the server\'s headers',
      input: server(`proxy_set_header X-A 1; location / { proxy_set_header Host $host; ${P} }`),
      select: (p) => both(p, '/'),
      expected: { host: { passHostHeader: 'unset', proxyHeaders: [{ name: 'X-A', value: '1' }] }, loc: { passHostHeader: true, proxyHeaders: [] } },
    },
    {
      desc: 'the http level reaches every server',
      input: `http { proxy_set_header Host $host; ${server(`location / { ${P} }`)} }`,
      select: (p) => both(p, '/'),
      expected: { host: { passHostHeader: true, proxyHeaders: 'unset' }, loc: { passHostHeader: 'unset', proxyHeaders: 'unset' } },
    },
    {
      desc: 'other Host values stay header rules (the switch stays off)',
      input: server(`location /a/ { proxy_set_header Host $http_host; ${P} } location /b/ { proxy_set_header Host $host:$server_port; ${P} }`),
      select: (p) => [pick(location(p, '/a/').policies), pick(location(p, '/b/').policies)],
      expected: [
        { passHostHeader: 'unset', proxyHeaders: [{ name: 'Host', value: '$http_host' }] },
        { passHostHeader: 'unset', proxyHeaders: [{ name: 'Host', value: '$host:$server_port' }] },
      ],
    },
  ]);
  it('leaves the switch unset where no level has a list, and off (unset) on a host whose list has no Host', async () => {
    const { importNginx } = await import('./import-nginx.ts');
    const none = importNginx(server(`location / { ${P} }`));
    const other = importNginx(server(`proxy_set_header X-A 1; location / { ${P} }`));
    expect([host(none).policies.passHostHeader, location(none, '/').policies.passHostHeader, host(other).policies.passHostHeader]).toEqual([undefined, undefined, undefined]);
  });
});
