// HTTP/1.1 keep-alive load with wrk (Debian), one thread on the load CPU.
import path from 'node:path';
import { LOAD_CPU, runPinned } from './proc.ts';

const SCRIPT = path.join(import.meta.dirname, '../load/wrk-report.lua');

export interface LoadResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Socket errors and non-2xx/3xx answers (wrk counts both). */
  errors: number;
  errorDetail: Record<string, number>;
}

export interface WrkOptions {
  url: string;
  connections: number;
  durationS: number;
  host?: string;
  /** Random Host among this many names (h0.bench.test …). */
  randomHosts?: number;
  headers?: string[];
  /** Where wrk runs (default the load CPU) and with how many threads (default 1). */
  cpu?: number | string;
  threads?: number;
  /** Stops the load early (SIGINT: wrk still reports what it measured). */
  until?: Promise<unknown>;
}

export async function wrk(o: WrkOptions): Promise<LoadResult> {
  const args = [`-t${o.threads ?? 1}`, `-c${o.connections}`, `-d${o.durationS}s`, '--timeout', '5s', '-s', SCRIPT];
  if (o.host) args.push('-H', `Host: ${o.host}`);
  for (const h of o.headers ?? []) args.push('-H', h);
  args.push(o.url);
  const env = { ...process.env, BENCH_HOSTS: String(o.randomHosts ?? 0), BENCH_PATH: new URL(o.url).pathname };
  const out = await runPinned(o.cpu ?? LOAD_CPU, 'wrk', args, { env }, o.until);
  const line = out.split('\n').find((l) => l.startsWith('BENCH_JSON '));
  if (!line) throw new Error(`wrk printed no result:\n${out}`);
  const r = JSON.parse(line.slice('BENCH_JSON '.length)) as Record<string, number>;
  const detail = { connect: r.connectErrors!, read: r.readErrors!, write: r.writeErrors!, status: r.statusErrors!, timeout: r.timeouts! };
  return {
    rps: r.requests! / (r.durationUs! / 1e6),
    p50Ms: r.p50Us! / 1000,
    p99Ms: r.p99Us! / 1000,
    requests: r.requests!,
    errors: Object.values(detail).reduce((a, b) => a + b, 0),
    errorDetail: detail,
  };
}
