// Added latency at a fixed moderate rate: an open-loop generator sends 2,000 req/s and
// times each request from when it was due (bench/load/fixed-rate.ts). The backend alone
// is measured in the same rotating rounds, so "added" is each proxy minus the direct path.
import path from 'node:path';
import { abRounds } from '../lib/measure.ts';
import { LOAD_CPU, runPinned } from '../lib/proc.ts';
import type { LoadResult } from '../lib/wrk.ts';
import type { Scenario } from './types.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RATE = 2000;
const CONNECTIONS = 32;

async function fixedRate(port: number, durationS: number, warmupMs: number): Promise<LoadResult> {
  const out = await runPinned(LOAD_CPU, process.execPath, [path.join(ROOT, 'bench/load/fixed-rate.ts'), String(port), '/', String(RATE), String(durationS), String(CONNECTIONS), String(warmupMs)]);
  const line = out.split('\n').find((l) => l.startsWith('BENCH_JSON '));
  if (!line) throw new Error(`the fixed-rate client printed no result:\n${out}`);
  return { errorDetail: {}, ...(JSON.parse(line.slice(11)) as Omit<LoadResult, 'errorDetail'>) };
}

export const latency: Scenario = {
  name: 'latency-2000rps',
  title: `Latency at a fixed ${RATE} req/s (open loop, ${CONNECTIONS} connections)`,
  async run(ctx) {
    const { tb, options } = ctx;
    // 10 s per round in full runs (20,000 samples: p99 rests on 200 of them); quick runs
    // take 1 s (2,000 samples) to stay under two minutes.
    const seconds = options.quick ? 1 : Math.max(options.durationS, 10);
    const warmupMs = options.quick ? 500 : 1000;
    // Each side first takes the same rate, unmeasured, for 10 s: Portico's optimising
    // compiler runs on the engine's one core and needs that long at this rate to settle
    // (three back-to-back 8 s runs of a fresh engine gave p99 147, 8 and 4 ms).
    const warmupS = options.quick ? 1 : 10;
    const side = (label: 'nginx' | 'portico' | 'direct', port: number, pid: number) => ({ label, pid, warmup: () => fixedRate(port, warmupS, 0), load: () => fixedRate(port, seconds, warmupMs) });
    const r = await abRounds(
      [side('nginx', tb.nginx.target.httpPort, tb.nginx.pid), side('portico', tb.portico.target.httpPort, tb.portico.pid), side('direct', tb.backend.port, tb.backend.nginx.pid)],
      options.rounds,
      tb.pids,
      ctx.log,
    );
    const p99Gap = r.portico.p99Ms - r.nginx.p99Ms;
    return {
      nginx: r.nginx,
      portico: r.portico,
      // Latency, not throughput: the ratio is Portico's p99 over nginx's.
      ratio: r.portico.p99Ms / r.nginx.p99Ms,
      ratioOf: 'p99 latency, Portico / nginx (lower is better)',
      status: 'measured',
      target: { text: 'p99 within 1 ms of nginx', met: p99Gap <= 1 },
      detail: {
        rate: RATE,
        direct: r.direct,
        addedP50Ms: { nginx: r.nginx.p50Ms - r.direct.p50Ms, portico: r.portico.p50Ms - r.direct.p50Ms },
        addedP99Ms: { nginx: r.nginx.p99Ms - r.direct.p99Ms, portico: r.portico.p99Ms - r.direct.p99Ms },
        p99GapMs: p99Gap,
      },
    };
  },
};
