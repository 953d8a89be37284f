// Whether the engine gets slower as it ages: two engines started together, one of them
// first put through 10 s of 256-connection load, then both measured at 64 connections in
// alternating rounds. #19's target: the aged engine within 5 % of the fresh one, on req/s
// and on requests per CPU-second. The detail keeps what differs between them afterwards
// (V8's young and old generation, open handles): where to look when it fails.
import { abRounds } from '../lib/measure.ts';
import { PROXY_CPU } from '../lib/proc.ts';
import { startPortico, type PorticoInstance } from '../lib/portico.ts';
import { siteConfig } from '../lib/site.ts';
import { wrk } from '../lib/wrk.ts';
import type { Scenario } from './types.ts';

const AGING_CONNECTIONS = 256;
/** The 10 s; the quick run (a smoke test of the harness, ~2 minutes in all) ages for 3. */
const agingSeconds = (quick: boolean) => (quick ? 3 : 10);

/** A few of the engine's own gauges from /metrics (prom-client's names), MB or counts. */
async function engineState(engine: PorticoInstance): Promise<Record<string, number>> {
  const text = await engine.metrics();
  const value = (pattern: RegExp): number => Number(pattern.exec(text)?.[1] ?? NaN);
  const mb = (bytes: number) => Math.round(bytes / 1048576);
  return {
    youngMb: mb(value(/^nodejs_heap_space_size_total_bytes\{space="new"\} (\d+)/m)),
    oldMb: mb(value(/^nodejs_heap_space_size_total_bytes\{space="old"\} (\d+)/m)),
    heapUsedMb: mb(value(/^nodejs_heap_size_used_bytes (\d+)/m)),
    activeHandles: value(/^nodejs_active_handles_total (\d+)/m),
  };
}

export const aging: Scenario = {
  name: 'aging-c64',
  title: 'Aging: 64 connections on an engine after 10 s at 256 connections, against a fresh one',
  async run(ctx) {
    const { tb, options } = ctx;
    const fresh = await startPortico({ cpu: PROXY_CPU });
    const aged = await startPortico({ cpu: PROXY_CPU });
    try {
      await fresh.apply(siteConfig(tb.site));
      await aged.apply(siteConfig(tb.site));
      const load = (port: number, connections: number, d: number) => wrk({ url: `http://127.0.0.1:${port}/`, connections, durationS: d, host: 'bench.test' });
      const before = await engineState(aged);
      const busy = await load(aged.ports.http, AGING_CONNECTIONS, agingSeconds(options.quick));
      if (busy.errors > 0) throw new Error(`the aging load failed: ${JSON.stringify(busy.errorDetail)}`);
      const side = (label: 'portico-fresh' | 'portico-aged', engine: PorticoInstance) => ({ label, pid: engine.pid, warmup: () => load(engine.ports.http, 64, options.warmupS), load: () => load(engine.ports.http, 64, options.durationS) });
      const r = await abRounds([side('portico-fresh', fresh), side('portico-aged', aged)], options.rounds, () => [...tb.pids(), fresh.pid, aged.pid], ctx.log);
      const ratio = r['portico-aged'].rps / r['portico-fresh'].rps;
      const cpuRatio = r['portico-aged'].reqPerCpuS / r['portico-fresh'].reqPerCpuS;
      return {
        portico: r['portico-aged'],
        nginx: null,
        ratio,
        ratioOf: 'req/s aged / fresh (Portico only)',
        status: 'measured',
        target: { text: 'aged within 5 % of fresh', met: Math.min(ratio, cpuRatio) >= 0.95 },
        detail: {
          fresh: r['portico-fresh'],
          ratioPerCpuS: cpuRatio,
          agingLoad: { connections: AGING_CONNECTIONS, seconds: agingSeconds(options.quick), rps: busy.rps },
          state: { agedBeforeLoad: before, agedAfter: await engineState(aged), freshAfter: await engineState(fresh) },
        },
      };
    } finally {
      await fresh.stop();
      await aged.stop();
    }
  },
};
