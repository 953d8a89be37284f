// What per-request statistics cost: the same engine with statistics on (the default) and
// off (PORTICO_STATS=off: no host/location/upstream counters or latency histograms; the
// access log stays), in alternating rounds on the same CPU. nginx has no equivalent
// (stub_status counts connections only), so the ratio here is off/on within Portico.
import { httpGet } from '../lib/http-get.ts';
import { abRounds } from '../lib/measure.ts';
import { PROXY_CPU } from '../lib/proc.ts';
import { startPortico } from '../lib/portico.ts';
import { siteConfig } from '../lib/site.ts';
import { wrk } from '../lib/wrk.ts';
import { notAvailable, type Scenario } from './types.ts';

function requestCount(text: string): number {
  let total = 0;
  for (const line of text.split('\n')) if (line.startsWith('portico_requests_total{')) total += Number(line.split(' ').pop());
  return total;
}

export const statsCost: Scenario = {
  name: 'stats-cost-c64',
  title: 'Statistics collection cost (Portico with vs without per-request stats), 64 connections',
  async run(ctx) {
    const { tb, options } = ctx;
    // Two fresh engines, started together: the testbed's engine has been serving for the
    // whole run, and an engine's age (heap, caches) must not pass for the cost of stats.
    const bare = await startPortico({ cpu: PROXY_CPU, env: { PORTICO_STATS: 'off' } });
    const full = await startPortico({ cpu: PROXY_CPU });
    try {
      await bare.apply(siteConfig(tb.site));
      await full.apply(siteConfig(tb.site));
      // The switch must really be off: after some requests /metrics counts none.
      for (let i = 0; i < 20; i++) await httpGet(bare.ports.http, '/', 'bench.test');
      // The aggregator publishes once a second.
      await new Promise((r) => setTimeout(r, 1200));
      const counted = requestCount(await bare.metrics());
      if (counted > 0) return notAvailable(`the engine ignores PORTICO_STATS=off (/metrics counted ${counted} requests)`, '< 3 % throughput cost');

      const load = (port: number, d: number) => wrk({ url: `http://127.0.0.1:${port}/`, connections: 64, durationS: d, host: 'bench.test' });
      const side = (label: 'portico' | 'portico-nostats', port: number, pid: number) => ({ label, pid, warmup: () => load(port, options.warmupS), load: () => load(port, options.durationS) });
      const r = await abRounds([side('portico', full.ports.http, full.pid), side('portico-nostats', bare.ports.http, bare.pid)], options.rounds, () => [...tb.pids(), bare.pid, full.pid], ctx.log);
      const cost = 1 - r.portico.rps / r['portico-nostats'].rps;
      // Requests per CPU-second as well: the machine's noise moves req/s far more than it
      // moves this. The target counts as met only when both show less than 3 %.
      const cpuCost = 1 - r.portico.reqPerCpuS / r['portico-nostats'].reqPerCpuS;
      return {
        portico: r.portico,
        nginx: null,
        ratio: r.portico.rps / r['portico-nostats'].rps,
        ratioOf: 'req/s with stats / without stats (Portico only)',
        status: 'measured',
        target: { text: '< 3 % throughput cost', met: Math.max(cost, cpuCost) < 0.03 },
        detail: { withoutStats: r['portico-nostats'], costPct: cost * 100, costPctPerCpuS: cpuCost * 100 },
      };
    } finally {
      await bare.stop();
      await full.stop();
    }
  },
};
