// auth_request + the location it names + auth_request_set → the forwardAuth policy, and
// the exporter's form of it (copied headers, nginx -t).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { server, location, host, run } from '../../test/helpers/import-test-cases.ts';
import { canTestNginx, makeOracleDir, nginxRejects, type OracleDir } from '../../test/helpers/nginx-oracle.ts';
import { exportNginx } from './export-nginx.ts';
import { importNginx } from './import-nginx.ts';

const authelia = `location = /internal/authelia/authz { internal; proxy_pass http://127.0.0.1:9091/api/authz/auth-request; proxy_pass_request_body off;
  proxy_set_header Content-Length ""; proxy_set_header X-Original-Method $request_method; proxy_set_header X-Original-URL $scheme://$http_host$request_uri;
  proxy_set_header X-Forwarded-For $remote_addr; proxy_read_timeout 5s; }`;
const protectedApp = `location / { auth_request /internal/authelia/authz; auth_request_set $user $upstream_http_remote_user; auth_request_set $redirection_url $upstream_http_location;
  error_page 401 =302 $redirection_url; proxy_set_header Remote-User $user; proxy_pass http://127.0.0.1:3000; }`;

describe('importing auth_request', () => {
  run([
    {
      desc: "Authelia's nginx snippets → the service, its path, the request headers (Content-Length \"\" is what Portico does anyway), the variables, the timeout",
      input: server(`${protectedApp} ${authelia}`),
      select: (p) => location(p, '/').policies.forwardAuth,
      expected: {
        enabled: true,
        scheme: 'http',
        address: '127.0.0.1:9091',
        path: '/api/authz/auth-request',
        requestHeaders: [
          { name: 'X-Original-Method', value: '$request_method' },
          { name: 'X-Original-URL', value: '$scheme://$http_host$request_uri' },
          { name: 'X-Forwarded-For', value: '$remote_addr' },
        ],
        copyHeaders: [],
        variables: [
          { name: 'user', value: '$upstream_http_remote_user' },
          { name: 'redirection_url', value: '$upstream_http_location' },
        ],
        timeoutMs: 5000,
      },
    },
    {
      desc: 'an upstream block is the auth pool; an auth location without a URI part sends the auth_request URI',
      input: `upstream oauth2 { server 127.0.0.1:4180; } ${server('location / { auth_request /oauth2/auth; proxy_pass http://127.0.0.1:3000; } location = /oauth2/auth { internal; proxy_pass http://oauth2; }')}`,
      select: (p) => ({ poolId: location(p, '/').policies.forwardAuth?.poolId, path: location(p, '/').policies.forwardAuth?.path, pools: p.pools.map((pool) => pool.name) }),
      expected: { poolId: 'oauth2', path: '/oauth2/auth', pools: ['oauth2'] },
    },
    {
      desc: 'server-level auth_request with auth_request off in a location',
      input: server(`auth_request /auth; location / { proxy_pass http://127.0.0.1:3000; } location /health { auth_request off; return 200; } location = /auth { internal; proxy_pass http://127.0.0.1:9000/check; }`),
      select: (p) => ({ host: host(p).policies.forwardAuth?.address, health: location(p, '/health').policies.forwardAuth?.enabled }),
      expected: { host: '127.0.0.1:9000', health: false },
    },
    {
      desc: 'an auth location that does not proxy cannot be asked: fails closed, with a warning',
      input: server('location / { auth_request /auth; proxy_pass http://127.0.0.1:3000; } location = /auth { return 204; }'),
      select: (p) => location(p, '/').policies.forwardAuth?.address,
      expected: '127.0.0.1:1',
      warnings: ['unsupported auth_request'],
    },
  ]);
});

describe('exporting copied headers', () => {
  let dir: OracleDir | undefined;
  beforeAll(() => {
    if (canTestNginx) dir = makeOracleDir();
  });
  afterAll(() => dir?.cleanup());

  const plan = {
    hosts: [
      {
        serverNames: ['app.example.com'],
        locations: [{ path: '/', action: { kind: 'proxy' as const, address: '127.0.0.1:3000' }, policies: { forwardAuth: { preset: 'authelia' as const, address: '127.0.0.1:9091', path: '/api/authz/auth-request', copyHeaders: ['Remote-User', 'Remote-Groups'] } } }],
      },
    ],
    pools: [],
    cacheZones: [],
    limitZones: [],
    settings: {},
  };

  it('writes a variable and a proxy_set_header line per copied header, and imports back to the same effect', () => {
    const config = exportNginx(plan);
    expect(config).toContain('auth_request_set $portico_auth_remote_user $upstream_http_remote_user;');
    expect(config).toContain('proxy_set_header Remote-Groups $portico_auth_remote_groups;');
    const back = importNginx(config);
    expect(back.warnings.filter((w) => w.kind === 'unsupported')).toEqual([]);
    const root = back.hosts[0]!.locations.find((l) => l.path === '/')!;
    // The exporter's auth location is read through auth_request, not imported as a location.
    expect(back.hosts[0]!.locations.map((l) => l.path)).toEqual(['/']);
    expect(root.policies.forwardAuth).toMatchObject({ address: '127.0.0.1:9091', path: '/api/authz/auth-request', variables: [{ name: 'portico_auth_remote_user' }, { name: 'portico_auth_remote_groups' }] });
    expect(root.policies.proxyHeaders).toEqual(expect.arrayContaining([{ name: 'Remote-User', value: '$portico_auth_remote_user' }]));
  });

  it.skipIf(!canTestNginx)('nginx -t accepts it', () => {
    const config = exportNginx(plan, { mode: 'full', prefix: dir!.prefix, httpPort: 18080, httpsPort: 18443, certificate: { certificate: dir!.certificate, key: dir!.key } });
    expect(nginxRejects(config, dir!), config).toBeNull();
  });
});
