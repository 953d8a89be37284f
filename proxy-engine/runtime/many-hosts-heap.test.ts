// What ten thousand hosts cost once compiled (#19: 10,000 hosts < 300 MB): the JS heap a
// compiled host with one proxied location holds, its statistics windows included, is
// measured with the collector run first (gc exposed, so the figure is what stays live, not
// what a collection has not reached yet). Measured 4.7 KB per host after sharing what is
// equal and 9.0 KB before (docs/benchmarks.md, "Compiled runtime per host"); the bound
// leaves room for noise and small additions, not for a per-host copy of anything big.
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { HostInput, type HostConfig } from '../../core/config/host.ts';
import { PoolInput, type PoolConfig } from '../../core/config/pool.ts';
import { GlobalSettings } from '../../core/config/settings.ts';
import type { LoadedConfig } from '../../core/config/snapshot.ts';
import { ServerStateRegistry } from '../balancer/server-state.ts';
import { ConnZones } from '../middlewares/conn-limit/zones.ts';
import { RateZones } from '../middlewares/rate-limit/zones.ts';
import { StatsCollector } from '../stats/collector.ts';
import { UpstreamClients } from '../upstream/clients.ts';
import { compileRuntime } from './compile.ts';
import type { CompiledHost } from './types.ts';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapBytes = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const HOSTS = 2000;
const BOUND_BYTES_PER_HOST = 6.5 * 1024;

function manyHosts(count: number): LoadedConfig {
  const pool = { ...PoolInput.parse({ name: 'backend', servers: [{ address: '127.0.0.1:9' }] }), id: 'pool0' } as PoolConfig;
  // As the benchmark's hosts: one location proxying to the pool, as nginx's import makes it.
  const hosts = Array.from({ length: count }, (_, i) => {
    const host = HostInput.parse({ serverNames: [`h${i}.heap.test`], locations: [{ path: '/', action: { kind: 'proxy', poolId: 'pool0' }, policies: { httpVersion: '1.1' } }] });
    return { ...host, id: `h${i}`, locations: host.locations.map((l, j) => ({ ...l, id: `h${i}.${j}` })) } as HostConfig;
  });
  return { revision: 1, settings: GlobalSettings.parse({}), hosts, pools: [pool], cacheZones: [], limitZones: [], errors: [] };
}

describe('compiled runtime of many hosts', () => {
  it('keeps each host with its location and counters within a few KB of heap, sharing what is equal', () => {
    const config = manyHosts(HOSTS);
    const deps = { registry: new ServerStateRegistry(), clients: new UpstreamClients(), collector: new StatsCollector(), rateZones: new RateZones(), connZones: new ConnZones() };
    // A first compile of a small config loads and warms every module the compile uses.
    compileRuntime(manyHosts(2), { ...deps, collector: new StatsCollector() }).discard();
    const before = heapBytes();
    const compiled = compileRuntime(config, deps);
    compiled.commit(null);
    const perHost = (heapBytes() - before) / HOSTS;
    expect(compiled.runtime.errors).toEqual([]);
    expect(compiled.runtime.hostCount).toBe(HOSTS);
    expect(perHost).toBeLessThan(BOUND_BYTES_PER_HOST);

    // What is equal is one object, not one per host.
    const host = (i: number) => compiled.runtime.hosts.http.match(`h${i}.heap.test`)!.host as CompiledHost;
    const [a, b] = [host(1), host(2)];
    const [la, lb] = [a.locations.all()[0]!, b.locations.all()[0]!];
    expect(la.redirectRewriter).not.toBeNull();
    expect(la.redirectRewriter).toBe(lb.redirectRewriter);
    expect(la.hideHeaders).toBe(lb.hideHeaders);
    expect(la.expiresHeaders).toBe(lb.expiresHeaders);
    expect(a.entrypoints).toBe(b.entrypoints);
    expect(a.errorPages).toBe(b.errorPages);
    // …and still distinct where hosts differ.
    expect(la.stats).not.toBe(lb.stats);
    expect(a.stats).not.toBe(b.stats);
    expect(() => la.hideHeaders.add('x-shared')).toThrow(TypeError);
    console.log(`compiled heap per host: ${(perHost / 1024).toFixed(2)} KB (bound ${BOUND_BYTES_PER_HOST / 1024} KB)`);
    compiled.discard();
  });
});
