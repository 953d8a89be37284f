// Memory of the per-host statistics with many hosts: N hosts (one location each), a
// random host per request at R requests per second, for S simulated seconds through the
// real collector and aggregator (one tick a second, minute rollups included).
//   node --expose-gc bench/micro/stats-memory.ts [hosts=10000] [rps=8000] [seconds=120] [root]
// `root`: another checkout to measure (before/after); prints MB of JS heap + array
// buffers per 1,000 hosts after a full GC.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [hosts = 10_000, rps = 8_000, seconds = 120] = process.argv.slice(2, 5).map(Number);
const root = process.argv[5] ?? path.resolve(import.meta.dirname, '../..');
const { StatsCollector } = (await import(pathToFileURL(path.join(root, 'proxy-engine/stats/collector.ts')).href)) as typeof import('../../proxy-engine/stats/collector.ts');
const { StatsAggregator } = (await import(pathToFileURL(path.join(root, 'proxy-engine/stats/aggregator.ts')).href)) as typeof import('../../proxy-engine/stats/aggregator.ts');

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const usedMb = (): number => {
  gc();
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 1048576;
};

const before = usedMb();
const collector = new StatsCollector();
const counters = Array.from({ length: hosts }, (_, i) => ({ host: collector.host(`h${i}`), location: collector.location(`l${i}`, `h${i}`) }));
let now = Date.UTC(2026, 0, 1);
const aggregator = new StatsAggregator({ collector, now: () => now, onMinute: () => {} });
let x = 1;
const random = (): number => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const t0 = performance.now();
let tickMs = 0;
for (let s = 0; s < seconds; s++) {
  for (let r = 0; r < rps; r++) {
    const c = counters[Math.floor(random() * hosts)]!;
    const ms = 1 + random() ** 3 * 200;
    c.host.response(200, 120, 1200, ms);
    c.location.response(200, 120, 1200, ms);
  }
  now += 1000;
  const t = performance.now();
  aggregator.tick(now);
  tickMs += performance.now() - t;
}
const cpuMs = performance.now() - t0;
const after = usedMb();
console.log(`${hosts} hosts, ${rps} req/s, ${seconds} s simulated (${root}): ${(after - before).toFixed(1)} MB of heap + array buffers, ${(((after - before) / hosts) * 1024).toFixed(2)} KiB per host (host + location); ${((cpuMs * 1e6) / (rps * seconds)).toFixed(0)} ns per request with the ticks; a tick takes ${(tickMs / seconds).toFixed(1)} ms`);
let ringChars = 0;
for (const entry of aggregator.ring.since(-1)) ringChars += entry.json.length;
console.log(`the snapshot ring holds ${aggregator.ring.size} seconds, ${(ringChars / 1048576).toFixed(1)} MB of JSON (${(ringChars / aggregator.ring.size / 1024).toFixed(0)} KiB a second)`);
