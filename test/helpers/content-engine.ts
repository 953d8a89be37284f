// The engine's request path as engine.ts builds it (every phase of pipeline/phases.ts),
// without the database: configuration is given as objects (or an nginx import plan) and
// compiled the way the applier compiles a snapshot. An ephemeral port; a data directory of the test's choosing
// (a second instance on the same directory is an engine restart).
import fs from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ServerStateRegistry } from '../../proxy-engine/balancer/server-state.ts';
import { CacheZones } from '../../proxy-engine/cache/zones.ts';
import { HostInput, type HostConfig } from '../../core/config/host.ts';
import { PoolInput, type PoolConfig } from '../../core/config/pool.ts';
import { GlobalSettings } from '../../core/config/settings.ts';
import { CacheZoneInput, type CacheZoneConfig } from '../../core/config/zones.ts';
import type { ImportPlan } from '../../core/nginx/import-nginx.ts';
import { ConnZones } from '../../proxy-engine/middlewares/conn-limit/zones.ts';
import { RateZones } from '../../proxy-engine/middlewares/rate-limit/zones.ts';
import { compileRuntime, type CompileDeps } from '../../proxy-engine/runtime/compile.ts';
import type { Runtime } from '../../proxy-engine/runtime/types.ts';
import { createHttpListener } from '../../proxy-engine/server/http-listener.ts';
import { StatsCollector } from '../../proxy-engine/stats/collector.ts';
import { UpstreamClients } from '../../proxy-engine/upstream/clients.ts';
import { testCacheIndexes } from './shared-state.ts';

export interface ContentConfig {
  hosts: unknown[];
  pools?: unknown[];
  cacheZones?: unknown[];
}

export interface ContentEngine {
  port: number;
  dataDir: string;
  cacheZones: CacheZones;
  configure(config: ContentConfig): Runtime;
  /** An nginx import plan (pool names in action.poolId resolved). */
  configurePlan(plan: ImportPlan): Runtime;
  /** Stops serving; the data directory stays unless `removeData`. */
  stop(removeData?: boolean): Promise<void>;
}

export function tempDataDir(prefix = 'portico-content-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function startContentEngine(dataDir = tempDataDir()): Promise<ContentEngine> {
  const clients = new UpstreamClients();
  // PORTICO_TEST_SHARED_STATE=1: the zones' indexes in shared memory, as with several workers.
  const cacheZones = new CacheZones(dataDir, testCacheIndexes());
  const deps: CompileDeps = {
    registry: new ServerStateRegistry(),
    clients,
    collector: new StatsCollector(),
    rateZones: new RateZones(),
    connZones: new ConnZones(),
    cacheZones,
  };
  let revision = 0;
  let runtime: Runtime | null = null;
  // As the applier does: compile, swap, commit.
  const compile = (hosts: HostConfig[], pools: PoolConfig[], zones: CacheZoneConfig[]): Runtime => {
    const compiled = compileRuntime({ revision: ++revision, settings: GlobalSettings.parse({}), hosts, pools, cacheZones: zones, limitZones: [], errors: [] }, deps);
    const previous = runtime;
    runtime = compiled.runtime;
    compiled.commit(previous);
    return compiled.runtime;
  };
  compile([], [], []);
  const entrypoint = { name: 'http' as const, port: 0, httpsPort: 0 };
  const server: http.Server = createHttpListener({ current: () => runtime!, entrypoint });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  entrypoint.port = port;

  const configure = (config: ContentConfig): Runtime => {
    const ids = new Map<string, string>();
    const pools = (config.pools ?? []).map((raw, i) => {
      const pool = PoolInput.parse(raw);
      ids.set(pool.name, `pool-${i}`);
      return { ...pool, id: `pool-${i}` } as PoolConfig;
    });
    const hosts = config.hosts.map((raw, h) => {
      const host = HostInput.parse(raw);
      const locations = host.locations.map((l, i) => {
        const action = l.action.kind === 'proxy' && l.action.poolId ? { ...l.action, poolId: ids.get(l.action.poolId) ?? l.action.poolId } : l.action;
        return { ...l, action, id: `loc-${h}-${i}` };
      });
      return { ...host, id: `host-${h}`, locations } as HostConfig;
    });
    const zones = (config.cacheZones ?? []).map((raw, i) => ({ ...CacheZoneInput.parse(raw), id: `zone-${i}` }));
    const next = compile(hosts, pools, zones);
    if (next.errors.length > 0) throw new Error(`configuration refused:\n${JSON.stringify(next.errors, null, 2)}`);
    return next;
  };

  return {
    port,
    dataDir,
    cacheZones,
    configure,
    configurePlan: (plan) => configure({ hosts: plan.hosts, pools: plan.pools, cacheZones: plan.cacheZones }),
    async stop(removeData = false) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await cacheZones.close();
      await clients.closeAll();
      if (removeData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
