// HTTP/2 load with h2load (Debian nghttp2-client) over TLS, one thread on the load CPU.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LOAD_CPU, runPinned } from './proc.ts';
import { percentile } from './stats.ts';
import type { LoadResult } from './wrk.ts';

export interface H2Options {
  url: string;
  /** Client connections, and concurrent streams on each. */
  connections: number;
  streams: number;
  durationS: number;
  warmupS?: number;
}

export async function h2load(o: H2Options): Promise<LoadResult> {
  const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'portico-bench-h2-')), 'requests.tsv');
  // No Host header: with h2 it would clash with :authority (nginx answers 400); both proxies
  // serve the benchmark host as the default server, so :authority 127.0.0.1 reaches it.
  const args = [`--log-file=${logFile}`, '-t1', `-c${o.connections}`, `-m${o.streams}`, `-D${o.durationS}`, `--warm-up-time=${o.warmupS ?? 1}`, o.url];
  const out = await runPinned(LOAD_CPU, 'h2load', args);
  // "requests: 100 total, 100 started, 100 done, 100 succeeded, 0 failed, 0 errored, 0 timeout"
  const req = /requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored, (\d+) timeout/.exec(out);
  const finished = /finished in ([\d.]+)(m?s), ([\d.]+) req\/s/.exec(out);
  const status = /status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx/.exec(out);
  const protocol = /Application protocol: (\S+)/.exec(out);
  if (!req || !finished || !status) throw new Error(`h2load output not understood:\n${out}`);
  if (protocol?.[1] !== 'h2') throw new Error(`h2load did not negotiate h2 (got ${protocol?.[1] ?? 'nothing'}):\n${out}`);
  // h2load prints no percentiles; its per-request log has each request's duration (µs, third column).
  const durations = fs
    .readFileSync(logFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => Number(l.split('\t')[2]) / 1000);
  fs.rmSync(path.dirname(logFile), { recursive: true, force: true });
  durations.sort((a, b) => a - b);
  const failed = Number(req[5]) + Number(req[6]) + Number(req[7]) + Number(status[3]) + Number(status[4]);
  return {
    rps: Number(finished[3]),
    p50Ms: percentile(durations, 50),
    p99Ms: percentile(durations, 99),
    requests: Number(req[4]),
    errors: failed,
    errorDetail: { failed: Number(req[5]), errored: Number(req[6]), timeout: Number(req[7]), '4xx': Number(status[3]), '5xx': Number(status[4]) },
  };
}
