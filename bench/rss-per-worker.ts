// Memory per engine worker under load: the engine with PORTICO_WORKERS=1 and =2, 64
// connections of wrk through a proxy location, the engine process's peak RSS and its PSS
// sampled during the load. A worker thread's cost is the difference between the two.
// Run: node bench/rss-per-worker.ts   (not a test; figures vary by machine and load)
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startPortico } from './lib/portico.ts';
import { wrk } from './lib/wrk.ts';

const CONNECTIONS = 64;
const DURATION_S = Number(process.env.DURATION_S ?? 10);

function memoryKb(pid: number): { rss: number; pss: number } {
  const rss = Number(/^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  const pss = Number(/^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
  return { rss, pss };
}

const body = Buffer.alloc(1024, 'x');
const upstream = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(body));
await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
const upstreamPort = (upstream.address() as AddressInfo).port;

const results: Record<string, { idleRss: number; peakRss: number; peakPss: number; rps: number }> = {};
for (const workers of ['1', '2']) {
  const engine = await startPortico({ cpu: '0,1', env: { PORTICO_WORKERS: workers } });
  try {
    await engine.apply(`server { listen 80; server_name bench.test; location / { proxy_pass http://127.0.0.1:${upstreamPort}; } }`);
    const idle = memoryKb(engine.pid);
    let peakRss = 0;
    let peakPss = 0;
    const sampler = setInterval(() => {
      const m = memoryKb(engine.pid);
      peakRss = Math.max(peakRss, m.rss);
      peakPss = Math.max(peakPss, m.pss);
    }, 250);
    const load = await wrk({ url: `http://127.0.0.1:${engine.ports.http}/`, connections: CONNECTIONS, durationS: DURATION_S, host: 'bench.test', cpu: '0,1', threads: 2 });
    clearInterval(sampler);
    results[workers] = { idleRss: idle.rss / 1024, peakRss: peakRss / 1024, peakPss: peakPss / 1024, rps: load.rps };
  } finally {
    await engine.stop();
  }
}
upstream.close();
const one = results['1']!;
const two = results['2']!;
console.log('| workers | RSS idle (MB) | peak RSS under load (MB) | peak PSS (MB) | req/s |');
console.log('|---|---:|---:|---:|---:|');
for (const [w, r] of Object.entries(results)) console.log(`| ${w} | ${r.idleRss.toFixed(0)} | ${r.peakRss.toFixed(0)} | ${r.peakPss.toFixed(0)} | ${r.rps.toFixed(0)} |`);
console.log(`a second worker adds ${(two.peakRss - one.peakRss).toFixed(0)} MB of peak RSS; 2 workers: ${(two.peakRss / 2).toFixed(0)} MB per worker (process RSS / workers)`);
