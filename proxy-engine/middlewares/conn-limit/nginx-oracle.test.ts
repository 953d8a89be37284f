// limit_conn against Debian's nginx and against Portico's limiter, with a slow upstream
// holding requests in progress.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, hasNginx, startNginx, type NginxOracle } from '../../../test/helpers/nginx-limit-oracle.ts';
import { view, zoneConfig } from '../../../test/helpers/rate-limit-support.ts';
import { createConnLimit } from './conn-limit.ts';
import { ConnZones } from './zones.ts';
import { attachSharedState, createSharedState } from '../../shared/shared-state.ts';

describe.skipIf(!hasNginx)('limit_conn against nginx 1.22', () => {
  let nginx: NginxOracle;
  let backend: Server;
  beforeAll(async () => {
    backend = createServer((_req, res) => setTimeout(() => res.end('ok\n'), 300));
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    const upstream = `127.0.0.1:${(backend.address() as AddressInfo).port}`;
    nginx = await startNginx(`
      limit_conn_zone $binary_remote_addr zone=c:1m;
      limit_conn_zone $binary_remote_addr zone=d:1m;
      server {
        listen 127.0.0.1:$PORT;
        location /conn/ { limit_conn c 2; proxy_pass http://${upstream}; }
        location /dry/ { limit_conn d 2; limit_conn_dry_run on; proxy_pass http://${upstream}; }
      }`);
  });
  afterAll(async () => {
    await nginx?.stop();
    backend?.closeAllConnections();
    await new Promise<void>((resolve) => (backend ? backend.close(() => resolve()) : resolve()));
  });

  // The in-memory store and the shared-memory zones the engine's workers use.
  const portico = (dryRun: boolean, zones: ConnZones) => {
    zones.apply([zoneConfig({ name: 'c', kind: 'CONNECTION', rate: undefined, maxEntries: 1000 })]);
    const limiter = createConnLimit([{ zone: 'c', max: 2, status: 503, dryRun }], zones)!;
    const decisions = Array.from({ length: 4 }, () => limiter.acquire(view()));
    const statuses = decisions.map((d) => (d instanceof Promise ? 0 : d.action === 'reject' ? d.status : 200));
    for (const d of decisions) if (!(d instanceof Promise) && d.action === 'pass') d.release();
    const after = limiter.acquire(view());
    return { statuses, afterRelease: after instanceof Promise ? 'async' : after.action };
  };

  const cases: { desc: string; config: { path: string; dryRun: boolean }; expected: number[] }[] = [
    { desc: 'limit_conn 2: of 4 requests in progress at once, 2 are refused with 503', config: { path: '/conn/', dryRun: false }, expected: [200, 200, 503, 503] },
    { desc: 'limit_conn_dry_run on: all 4 served', config: { path: '/dry/', dryRun: true }, expected: [200, 200, 200, 200] },
  ];
  it.each(cases)('$desc', async ({ config, expected }) => {
    const replies = await Promise.all(Array.from({ length: 4 }, () => get(nginx.port, config.path, false)));
    const theirs = replies.map((r) => r.status).sort();
    expect(theirs).toEqual(expected);
    const ours = portico(config.dryRun, new ConnZones());
    expect(ours.statuses.sort()).toEqual(theirs);
    expect(portico(config.dryRun, attachSharedState(createSharedState({ bytes: 1 << 20 })).connZones)).toEqual(ours);
    // Slots come back when requests end: both sides serve the next request.
    expect((await get(nginx.port, config.path, false)).status).toBe(200);
    expect(ours.afterRelease).toBe('pass');
  });
});
