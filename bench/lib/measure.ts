// One measured load run against one proxy, and the A/B rounds around it: nginx and
// Portico alternate (which one goes first alternates too), so both see the same noise.
import { watchNoise } from './noise.ts';
import { treeCpuSeconds, treeMemoryMb } from './proc.ts';
import { spread, type Spread } from './stats.ts';
import type { LoadResult } from './wrk.ts';

export interface Sample {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Peak PSS of the proxy's processes during the run. */
  rssMb: number;
  errors: number;
  errorDetail?: Record<string, number>;
  /** CPU other processes on the machine used meanwhile (% of one core). */
  otherCpuPct: number;
  /** Busy share of CPU 0 (proxy) and CPU 1 (load + backend). */
  cpuBusyPct: number[];
  /**
   * Requests per CPU-second the proxy's processes used: throughput as if the proxy had
   * its core to itself. Other processes on a shared machine take wall time from the
   * proxy, not CPU time, so this figure moves much less with the noise than req/s.
   */
  reqPerCpuS: number;
}

export interface Side {
  /** Medians over the rounds. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  rssMb: number;
  errors: number;
  /** Median requests per CPU-second of the proxy (see Sample.reqPerCpuS). */
  reqPerCpuS: number;
  spread: { rps: Spread; p50Ms: Spread; p99Ms: Spread; rssMb: Spread; reqPerCpuS: Spread };
  rounds: Sample[];
}

/** Runs `load` while sampling the memory of `pid` and the machine's other activity. */
export async function measure(pid: number, ours: () => number[], load: () => Promise<LoadResult>): Promise<Sample> {
  const noise = watchNoise(ours);
  const cpu0 = treeCpuSeconds(pid);
  let peak = treeMemoryMb(pid);
  const sampler = setInterval(() => (peak = Math.max(peak, treeMemoryMb(pid))), 250);
  try {
    const r = await load();
    peak = Math.max(peak, treeMemoryMb(pid));
    const cpuS = treeCpuSeconds(pid) - cpu0;
    const n = noise.stop();
    return { rps: r.rps, p50Ms: r.p50Ms, p99Ms: r.p99Ms, rssMb: peak, errors: r.errors, errorDetail: r.errorDetail, otherCpuPct: n.otherCpuPct, cpuBusyPct: n.cpuBusyPct, reqPerCpuS: cpuS > 0 ? r.requests / cpuS : NaN };
  } finally {
    clearInterval(sampler);
  }
}

export function summarise(samples: Sample[]): Side {
  const s = {
    rps: spread(samples.map((x) => x.rps)),
    p50Ms: spread(samples.map((x) => x.p50Ms)),
    p99Ms: spread(samples.map((x) => x.p99Ms)),
    rssMb: spread(samples.map((x) => x.rssMb)),
    reqPerCpuS: spread(samples.map((x) => x.reqPerCpuS)),
  };
  return {
    rps: s.rps.median,
    p50Ms: s.p50Ms.median,
    p99Ms: s.p99Ms.median,
    rssMb: s.rssMb.median,
    reqPerCpuS: s.reqPerCpuS.median,
    errors: samples.reduce((a, x) => a + x.errors, 0),
    spread: s,
    rounds: samples,
  };
}

export interface AbSide<L extends string> {
  label: L;
  pid: number;
  /** Unmeasured load before the first round. */
  warmup?: () => Promise<unknown>;
  load: () => Promise<LoadResult>;
}

/** `rounds` measured runs per side; the order rotates every round so no side always goes first. */
export async function abRounds<L extends string>(sides: AbSide<L>[], rounds: number, ours: () => number[], log: (line: string) => void): Promise<Record<L, Side>> {
  const samples = new Map<L, Sample[]>(sides.map((s) => [s.label, []]));
  for (const side of sides) await side.warmup?.();
  for (let round = 0; round < rounds; round++) {
    const order = sides.map((_, i) => sides[(i + round) % sides.length]!);
    for (const side of order) {
      const sample = await measure(side.pid, ours, side.load);
      samples.get(side.label)!.push(sample);
      log(`    round ${round + 1} ${side.label.padEnd(16)} ${fmt(sample.rps, 0).padStart(8)} req/s (${fmt(sample.reqPerCpuS, 0)}/CPU-s)  p50 ${fmt(sample.p50Ms, 2)} ms  p99 ${fmt(sample.p99Ms, 2)} ms  ${fmt(sample.rssMb, 0)} MB  errors ${sample.errors}  other CPU ${sample.otherCpuPct}%`);
    }
  }
  return Object.fromEntries([...samples].map(([label, list]) => [label, summarise(list)])) as Record<L, Side>;
}

export function fmt(v: number, digits: number): string {
  return Number.isFinite(v) ? v.toFixed(digits) : '–';
}
