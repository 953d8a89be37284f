// How busy the machine was with other work during a measurement. The machine is shared
// (other engineers run test suites), so every round records the CPU that processes
// outside the benchmark used; the report shows it next to the figures it may have bent.
import fs from 'node:fs';
import { processTicks, processTree } from './proc.ts';

const CLOCK_TICKS = 100;

function allPids(): number[] {
  return fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map(Number);
}

function cpuBusyTicks(): number[] {
  // Per CPU: everything except idle and iowait.
  return fs
    .readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .filter((l) => /^cpu\d+ /.test(l))
    .map((l) => {
      const v = l.split(/\s+/).slice(1).map(Number);
      return v.reduce((a, b) => a + b, 0) - v[3]! - v[4]!;
    });
}

export interface NoiseReport {
  /** CPU used by processes outside the benchmark, in % of one core (0–200 on two cores). */
  otherCpuPct: number;
  /** Busy share of each CPU over the measurement, in %. */
  cpuBusyPct: number[];
}

/** Starts watching; `ours` lists the root pids of the benchmark's own processes. */
export function watchNoise(ours: () => number[]): { stop(): NoiseReport } {
  const t0 = performance.now();
  const busy0 = cpuBusyTicks();
  const before = new Map<number, number>();
  for (const pid of allPids()) before.set(pid, processTicks(pid));
  return {
    stop() {
      const seconds = (performance.now() - t0) / 1000;
      // The harness and everything it started (wrk, h2load, Node load clients) are ours.
      const mine = new Set<number>(processTree(process.pid));
      for (const root of ours()) for (const p of processTree(root)) mine.add(p);
      let other = 0;
      for (const pid of allPids()) {
        if (mine.has(pid)) continue;
        other += processTicks(pid) - (before.get(pid) ?? 0);
      }
      const busy1 = cpuBusyTicks();
      return {
        otherCpuPct: round((other / CLOCK_TICKS / seconds) * 100),
        cpuBusyPct: busy1.map((b, i) => round(((b - busy0[i]!) / CLOCK_TICKS / seconds) * 100)),
      };
    },
  };
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
