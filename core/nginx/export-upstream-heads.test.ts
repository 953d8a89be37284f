// A host's proxy_redirect list holding "default" (set through the API; nginx itself
// refuses it in a server block) is written in each location, after proxy_pass.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportNginx } from './export-nginx.ts';
import { importNginx } from './import-nginx.ts';
import { canTestNginx, makeOracleDir, nginxRejects, type OracleDir } from '../../test/helpers/nginx-oracle.ts';

const plan = (proxyRedirect: unknown) => ({
  hosts: [
    {
      serverNames: ['r.example.com'],
      defaultServer: true,
      policies: { proxyRedirect },
      locations: [
        { path: '/', action: { kind: 'proxy' as const, address: '127.0.0.1:3000' } },
        { path: '/own/', action: { kind: 'proxy' as const, address: '127.0.0.1:3000', uri: '/' }, policies: { proxyRedirect: 'off' } },
      ],
    },
  ],
  pools: [],
  cacheZones: [],
  limitZones: [],
  settings: {},
});

describe.skipIf(!canTestNginx)('export: proxy_redirect default at the host level', () => {
  let dir: OracleDir;
  beforeAll(() => {
    dir = makeOracleDir();
  });
  afterAll(() => dir.cleanup());
  const options = () => ({ mode: 'full' as const, prefix: dir.prefix, httpPort: 18080, httpsPort: 18443, certificate: { certificate: dir.certificate, key: dir.key }, mimeTypes: '' });

  it.each([['default'], [['default', { from: '~^http://a/(.*)$', to: '/$1' }]]])('%j: nginx -t accepts it, and the locations keep its meaning', (redirect) => {
    const config = exportNginx(plan(redirect) as never, options());
    expect(nginxRejects(config, dir), config).toBeNull();
    const back = importNginx(config);
    const root = back.hosts[0]!.locations.find((l) => l.path === '/')!;
    const effective = root.policies.proxyRedirect ?? back.hosts[0]!.policies.proxyRedirect;
    expect(effective === undefined ? 'default' : effective).toEqual(redirect);
  });
});
