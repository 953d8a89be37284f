// Compiling is pure: a compile that fails changes nothing the engine shares across
// revisions (zones, server states, keep-alive pools, counters, cache directories); a
// committed one changes them, and what only the replaced runtime used is released only
// once no request holds that runtime.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HostInput, type HostConfig } from '../../core/config/host.ts';
import { PoolInput, type PoolConfig } from '../../core/config/pool.ts';
import { GlobalSettings } from '../../core/config/settings.ts';
import type { LoadedConfig } from '../../core/config/snapshot.ts';
import { CacheZoneInput, type LimitZoneConfig } from '../../core/config/zones.ts';
import { zoneConfig } from '../../test/helpers/rate-limit-support.ts';
import { ServerStateRegistry } from '../balancer/server-state.ts';
import { CacheZones } from '../cache/zones.ts';
import { ConnZones } from '../middlewares/conn-limit/zones.ts';
import { RateZones } from '../middlewares/rate-limit/zones.ts';
import { StatsCollector } from '../stats/collector.ts';
import { UpstreamClients } from '../upstream/clients.ts';
import { compileRuntime, type CompileDeps } from './compile.ts';
import type { CompiledProxy, Runtime } from './types.ts';
import type { Peer } from '../upstream/group.ts';

const dirs: string[] = [];
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function engineDeps(): CompileDeps & { dataDir: string; clients: UpstreamClients; cacheZones: CacheZones } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-compile-'));
  dirs.push(dataDir);
  const deps = {
    dataDir,
    registry: new ServerStateRegistry(),
    clients: new UpstreamClients(),
    collector: new StatsCollector(),
    rateZones: new RateZones(),
    connZones: new ConnZones(),
    cacheZones: new CacheZones(dataDir),
  };
  stops.push(async () => {
    await deps.clients.closeAll();
    await deps.cacheZones.close();
  });
  return deps;
}

function snapshot(revision: number, spec: { host: string; pool: string; server: string; limitZones: LimitZoneConfig[]; cacheZones: string[] }): LoadedConfig {
  const pool = { ...PoolInput.parse({ name: spec.pool, servers: [{ address: spec.server }] }), id: spec.pool } as PoolConfig;
  const rateZone = spec.limitZones.find((z) => z.kind === 'REQUEST');
  const connZone = spec.limitZones.find((z) => z.kind === 'CONNECTION');
  const host = HostInput.parse({
    serverNames: [spec.host],
    locations: [
      {
        path: '/',
        action: { kind: 'proxy', poolId: spec.pool },
        policies: {
          ...(rateZone ? { rateLimits: [{ zone: rateZone.name }] } : {}),
          ...(connZone ? { connLimits: [{ zone: connZone.name, max: 10 }] } : {}),
        },
      },
    ],
  });
  const withIds = { ...host, id: `host-${spec.host}`, locations: host.locations.map((l, i) => ({ ...l, id: `${spec.host}-loc-${i}` })) } as HostConfig;
  return {
    revision,
    settings: GlobalSettings.parse({}),
    hosts: [withIds],
    pools: [pool],
    cacheZones: spec.cacheZones.map((name) => ({ ...CacheZoneInput.parse({ name }), id: name })),
    limitZones: spec.limitZones,
    errors: [],
  };
}

/** Everything a compile could touch, as plain data. */
function shared(deps: ReturnType<typeof engineDeps>) {
  const rate = (name: string) => deps.rateZones.get(name);
  return {
    rateZones: ['r', 'r2'].map((name) => [name, rate(name) ? { rateMilli: rate(name)!.rateMilli, store: rate(name)!.store } : null]),
    connZones: ['c', 'c2'].map((name) => [name, deps.connZones.get(name) ?? null]),
    cacheZones: deps.cacheZones.summary().map((z) => z.name),
    cacheDirs: fs.existsSync(path.join(deps.dataDir, 'cache')) ? fs.readdirSync(path.join(deps.dataDir, 'cache')).sort() : [],
    servers: [...deps.registry.entries()].map((s) => s.key).sort(),
    clients: deps.clients.size,
    hosts: [...deps.collector.hosts()].map((e) => [e.key, e.retired]),
    locations: [...deps.collector.locations()].map((e) => [e.key, e.retired]),
  };
}

const first = () =>
  snapshot(1, { host: 'a.test', pool: 'p1', server: '127.0.0.1:1', limitZones: [zoneConfig({ name: 'r' }), zoneConfig({ name: 'c', kind: 'CONNECTION', rate: undefined })], cacheZones: ['z1'] });
const second = () =>
  snapshot(2, {
    host: 'b.test',
    pool: 'p2',
    server: '127.0.0.1:2',
    limitZones: [zoneConfig({ name: 'r', rate: { count: 1, per: 'second' } }), zoneConfig({ name: 'r2' }), zoneConfig({ name: 'c2', kind: 'CONNECTION', rate: undefined })],
    cacheZones: ['z2'],
  });

/** A snapshot that cannot compile at all, failing at the compile's very last step. */
function failingLate(config: LoadedConfig): LoadedConfig {
  const settings = { ...config.settings };
  Object.defineProperty(settings, 'trustedProxies', {
    get() {
      throw new Error('the trusted proxy list cannot be compiled');
    },
  });
  return { ...config, settings };
}

/** The keep-alive pool of the first server of a.test's location. */
const upstreamPool = (runtime: Runtime) => {
  const location = runtime.hosts.http.match('a.test')!.host.locations.all()[0]!;
  const action = location.action as CompiledProxy;
  // client() looks a server up by its address only.
  return action.upstream.client({ address: action.upstream.pool.peers[0]!.address } as Peer);
};

describe('compileRuntime', () => {
  it('changes nothing shared when the compile fails', () => {
    const deps = engineDeps();
    compileRuntime(first(), deps).commit(null);
    const before = shared(deps);
    expect(before.rateZones[0]![1]).not.toBeNull();
    expect(before.clients).toBe(1);

    expect(() => compileRuntime(failingLate(second()), deps)).toThrow('the trusted proxy list cannot be compiled');
    expect(shared(deps)).toEqual(before);

    // The same snapshot, compiled and committed, changes every one of them (the probe sees changes).
    compileRuntime(second(), deps).commit(null);
    const after = shared(deps);
    for (const field of Object.keys(before) as (keyof typeof before)[]) expect(after[field], field).not.toEqual(before[field]);
  });

  it('changes nothing shared before commit, and a discarded compile never does', () => {
    const deps = engineDeps();
    compileRuntime(first(), deps).commit(null);
    const before = shared(deps);
    const compiled = compileRuntime(second(), deps);
    expect(shared(deps)).toEqual(before);
    compiled.discard();
    expect(shared(deps)).toEqual(before);
    expect(() => compiled.commit(null)).toThrow('once');
  });

  it('keeps what only the replaced runtime used until no request holds it', async () => {
    const deps = engineDeps();
    const old = compileRuntime(first(), deps);
    old.commit(null);
    const pool = upstreamPool(old.runtime);
    old.runtime.generation.hold();

    compileRuntime(second(), deps).commit(old.runtime);
    expect(deps.clients.has(pool)).toBe(true);
    expect(pool.closed).toBe(false);
    expect(deps.cacheZones.summary().map((z) => z.name)).toEqual(['z2']);

    old.runtime.generation.release();
    expect(deps.clients.has(pool)).toBe(false);
    expect(pool.closed).toBe(true);
  });

  it('keeps a pool that the new runtime uses too', () => {
    const deps = engineDeps();
    const old = compileRuntime(first(), deps);
    old.commit(null);
    const next = compileRuntime({ ...first(), revision: 2 }, deps);
    next.commit(old.runtime);
    expect(upstreamPool(next.runtime)).toBe(upstreamPool(old.runtime));
    expect(upstreamPool(next.runtime).closed).toBe(false);
  });
});
