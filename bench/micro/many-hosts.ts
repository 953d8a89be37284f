// The 10,000-hosts micro benchmark, run pinned to the proxy CPU by the harness (or alone:
// node --expose-gc bench/micro/many-hosts.ts [hosts]). It builds the import plan of an
// nginx text with N server blocks (lib/many-hosts-plan.ts), validates it as the loader
// does (provider/load-config.ts), compiles it with the engine's compiler, and times what
// every request does to find its route: Host normalisation → host match → target
// normalisation → location match.
// Prints "BENCH_JSON {...}".
import { ServerStateRegistry } from '../../proxy-engine/balancer/server-state.ts';
import { HostInput, type HostConfig } from '../../core/config/host.ts';
import { LocationInput } from '../../core/config/location.ts';
import { PoolInput, type PoolConfig } from '../../core/config/pool.ts';
import { GlobalSettings } from '../../core/config/settings.ts';
import { LimitZoneInput, CacheZoneInput } from '../../core/config/zones.ts';
import { ConnZones } from '../../proxy-engine/middlewares/conn-limit/zones.ts';
import { RateZones } from '../../proxy-engine/middlewares/rate-limit/zones.ts';
import { normalizeHostHeader } from '../../core/config/host-matcher.ts';
import { normalizeTarget } from '../../core/config/normalize-uri.ts';
import { compileRuntime } from '../../proxy-engine/runtime/compile.ts';
import type { Runtime } from '../../proxy-engine/runtime/types.ts';
import { StatsCollector } from '../../proxy-engine/stats/collector.ts';
import { UpstreamClients } from '../../proxy-engine/upstream/clients.ts';
import { cloneMatchesImport, importMs, manyHostsPlan } from '../lib/many-hosts-plan.ts';
import type { SiteOptions } from '../lib/site.ts';

const HOSTS = Number(process.argv[2] ?? 10_000);
/** Quick runs (the harness's --quick) skip the importer timings and use fewer iterations. */
const quick = process.argv.includes('--no-importer');
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const heapMb = () => (gc(), process.memoryUsage().heapUsed / 1048576);

const site: SiteOptions = { backendPort: 9, wsPort: 9, httpPort: 80, httpsPort: 443, tls: null, cacheDir: '/tmp/c', logDir: '/tmp', revision: 0 };
if (!cloneMatchesImport(site)) throw new Error('the cloned plan differs from the importer output');
// The importer's own scaling, on sizes it handles in seconds.
const importerMs = process.argv.includes('--no-importer') ? undefined : { 500: importMs(site, 500), 1000: importMs(site, 1000), 2000: importMs(site, 2000) };
const plan = manyHostsPlan(site, HOSTS);

// What the loader does with the rows: every object validated with the shared zod model.
const baseHeap = heapMb();
const baseBuffers = process.memoryUsage().arrayBuffers;
let t = performance.now();
const pools: PoolConfig[] = plan.pools.map((p, i) => ({ ...PoolInput.parse(p), id: `pool${i}` }));
const poolIds = new Map(plan.pools.map((p, i) => [p.name, `pool${i}`]));
const hosts: HostConfig[] = plan.hosts.map((h, i) => {
  const host = HostInput.parse({ ...h, locations: [] });
  const locations = h.locations.map((l, j) => {
    const action = l.action.kind === 'proxy' && l.action.poolId ? { ...l.action, poolId: poolIds.get(l.action.poolId)! } : l.action;
    return { ...LocationInput.parse({ ...l, action }), id: `l${i}.${j}` };
  });
  return { ...host, locations, id: `h${i}` };
});
const config = {
  revision: 1,
  settings: GlobalSettings.parse(plan.settings),
  hosts,
  pools,
  cacheZones: plan.cacheZones.map((z, i) => ({ ...CacheZoneInput.parse(z), id: `c${i}` })),
  limitZones: plan.limitZones.map((z, i) => ({ ...LimitZoneInput.parse(z), id: `z${i}` })),
  errors: [],
};
const validateMs = performance.now() - t;

const deps = { registry: new ServerStateRegistry(), clients: new UpstreamClients(), collector: new StatsCollector(), rateZones: new RateZones(), connZones: new ConnZones() };
// Wall time and this process's CPU time: on a shared machine the wall time also counts
// the time other processes held the CPU; the CPU time does not.
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const compileTimes: number[] = [];
const compileCpu: number[] = [];
// As the applier does: compile, swap, commit.
const apply = (previous: Runtime | null): Runtime => {
  const compiled = compileRuntime(config, deps);
  compiled.commit(previous);
  return compiled.runtime;
};
let runtime = apply(null);
for (let i = 0; i < (quick ? 1 : 3); i++) {
  t = performance.now();
  const c = cpuMs();
  runtime = apply(runtime);
  compileTimes.push(performance.now() - t);
  compileCpu.push(cpuMs() - c);
}
const heapAfterMb = heapMb() - baseHeap;
// Typed arrays (the stats histograms) live outside the JS heap.
const buffersAfterMb = (process.memoryUsage().arrayBuffers - baseBuffers) / 1048576;

// Requests spread over every host, with a few path shapes; built before timing.
const REQUESTS = 4096;
const requests = Array.from({ length: REQUESTS }, (_, i) => ({
  host: `h${(i * 7919) % HOSTS}.bench.test${i % 4 === 0 ? ':8080' : ''}`,
  target: ['/', '/api/items/42?x=1', '/static/app.js', '/a/b/../c'][i & 3]!,
}));
const table = runtime.hosts.http;
let sink = 0;
function route(r: { host: string; target: string }): void {
  const host = normalizeHostHeader(r.host)!;
  const match = table.match(host)!;
  const target = normalizeTarget(r.target);
  if (!target.ok) throw new Error('bad target');
  const loc = match.host.locations.match(target.path);
  sink += loc ? 1 : 0;
}
// Warm-up, then a batch mean (no timer overhead) and per-call timings for the percentiles.
for (let i = 0; i < 200_000; i++) route(requests[i & (REQUESTS - 1)]!);
const BATCH = quick ? 200_000 : 1_000_000;
const batchCpu = cpuMs();
for (let i = 0; i < BATCH; i++) route(requests[i & (REQUESTS - 1)]!);
const meanNs = ((cpuMs() - batchCpu) * 1e6) / BATCH;
const SINGLE = quick ? 50_000 : 200_000;
const single = new Float64Array(SINGLE);
for (let i = 0; i < SINGLE; i++) {
  const t0 = process.hrtime.bigint();
  route(requests[i & (REQUESTS - 1)]!);
  single[i] = Number(process.hrtime.bigint() - t0);
}
// The timer's own cost, measured the same way and reported beside the figures.
const empty = new Float64Array(SINGLE);
for (let i = 0; i < SINGLE; i++) {
  const t0 = process.hrtime.bigint();
  empty[i] = Number(process.hrtime.bigint() - t0);
}
single.sort();
empty.sort();
const pct = (a: Float64Array, p: number) => a[Math.min(a.length - 1, Math.ceil((p / 100) * a.length) - 1)]!;
if (sink === 0) throw new Error('no route matched');
console.log(
  `BENCH_JSON ${JSON.stringify({
    hosts: runtime.hostCount ?? HOSTS,
    importerMs,
    validateMs,
    compileMs: [...compileTimes].sort((a, b) => a - b)[compileTimes.length >> 1],
    compileCpuMs: [...compileCpu].sort((a, b) => a - b)[compileCpu.length >> 1],
    compileRuns: compileTimes,
    runtimeHeapMb: heapAfterMb,
    runtimeArrayBuffersMb: buffersAfterMb,
    // meanNs: CPU time per match over a batch (GC included); percentiles: wall time per call.
    routeMatch: { meanNs, p50Ns: pct(single, 50), p99Ns: pct(single, 99), p999Ns: pct(single, 99.9), timerOverheadP50Ns: pct(empty, 50) },
    rssMb: process.memoryUsage().rss / 1048576,
  })}`,
);
process.exit(0);
