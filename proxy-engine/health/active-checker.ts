// Active health checks: one loop per checked server (a pool with `healthCheck`, servers
// not marked down), each running a probe, applying the verdict rule, then waiting
// `intervalMs` — a timer chain, so a slow server never has two checks in flight. The
// engine hands over the full pool list on every reload: loops of unchanged servers keep
// running and their verdicts stay; changed ones switch to the new settings at once;
// servers whose pool stops checking lose their verdict and take traffic again.
import type { PoolConfig } from '../../core/config/pool.ts';
import { parseAddress } from '../../core/config/primitives.ts';
import type { ServerState, ServerStateRegistry } from '../balancer/server-state.ts';
import { probe as httpProbe, type ProbeResult, type ProbeSpec } from './http-probe.ts';
import { applyCheckResult, clearVerdict } from './rise-fall.ts';

/**
 * A pool as the checker needs it: the scheme comes from the locations that proxy to it
 * (https if any does); checks obey the SSRF guard unless the settings allow link-local upstreams.
 */
export type CheckedPool = PoolConfig & { scheme?: 'http' | 'https'; allowLinkLocal?: boolean };

export interface ActiveCheckerOptions {
  now?: () => number;
  probe?: (spec: ProbeSpec, signal: AbortSignal) => Promise<ProbeResult>;
}

interface Job {
  state: ServerState;
  spec: ProbeSpec;
  fingerprint: string;
  intervalMs: number;
  thresholds: { rise: number; fall: number };
  timer: NodeJS.Timeout | null;
  running: Promise<void> | null;
  abort: AbortController;
  /** Settings changed while a check was running: start the next one at once. */
  rerun: boolean;
  stopped: boolean;
}

export class ActiveHealthChecker {
  readonly #registry: ServerStateRegistry;
  readonly #now: () => number;
  readonly #probe: (spec: ProbeSpec, signal: AbortSignal) => Promise<ProbeResult>;
  readonly #jobs = new Map<string, Job>();
  /** Servers whose verdict came from a check, so a pool that stops checking can clear them. */
  readonly #judged = new Set<string>();

  constructor(registry: ServerStateRegistry, options: ActiveCheckerOptions = {}) {
    this.#registry = registry;
    this.#now = options.now ?? Date.now;
    this.#probe = options.probe ?? httpProbe;
  }

  start(pools: readonly CheckedPool[]): void {
    this.update(pools);
  }

  update(pools: readonly CheckedPool[]): void {
    const wanted = new Map<string, { state: ServerState; spec: ProbeSpec; intervalMs: number; thresholds: { rise: number; fall: number } }>();
    for (const pool of pools) {
      const check = pool.healthCheck;
      if (!check || !check.enabled) continue;
      for (const server of pool.servers) {
        const target = parseAddress(server.address);
        if (server.down || !target) continue;
        const state = this.#registry.get(pool.id, server.address);
        wanted.set(state.key, {
          state,
          intervalMs: check.intervalMs,
          thresholds: { rise: check.rise, fall: check.fall },
          spec: {
            scheme: pool.scheme ?? 'http',
            address: server.address,
            target,
            method: check.method,
            path: check.path,
            timeoutMs: check.timeoutMs,
            expectStatus: check.expectStatus,
            bodyMatch: check.bodyMatch ? new RegExp(check.bodyMatch) : null,
            hostHeader: check.hostHeader ?? null,
            headers: check.headers,
            tls: pool.tls,
            guard: !pool.allowLinkLocal,
          },
        });
      }
    }

    for (const [key, job] of this.#jobs) {
      if (!wanted.has(key)) this.#cancel(key, job);
    }
    for (const key of this.#judged) {
      if (wanted.has(key)) continue;
      this.#judged.delete(key);
      const state = this.#registry.find(key);
      if (state) clearVerdict(this.#registry, state, 'health check removed', this.#now());
    }
    for (const [key, want] of wanted) {
      const fingerprint = JSON.stringify([want.spec, want.spec.bodyMatch?.source, want.intervalMs, want.thresholds]);
      const job = this.#jobs.get(key);
      if (job && job.fingerprint === fingerprint && job.state === want.state) continue;
      if (job && job.state === want.state) {
        Object.assign(job, { spec: want.spec, intervalMs: want.intervalMs, thresholds: want.thresholds, fingerprint });
        if (job.running) job.rerun = true;
        else this.#schedule(job, 0);
        continue;
      }
      if (job) this.#cancel(key, job);
      const created: Job = { ...want, fingerprint, timer: null, running: null, abort: new AbortController(), rerun: false, stopped: false };
      this.#jobs.set(key, created);
      this.#judged.add(key);
      this.#schedule(created, 0);
    }
  }

  /** Stops every loop and waits for checks in flight to be cancelled: no timer or socket remains. */
  async stop(): Promise<void> {
    const running: Array<Promise<void>> = [];
    for (const [key, job] of this.#jobs) {
      if (job.running) running.push(job.running);
      this.#cancel(key, job);
    }
    await Promise.all(running);
  }

  #cancel(key: string, job: Job): void {
    job.stopped = true;
    if (job.timer) clearTimeout(job.timer);
    job.timer = null;
    job.abort.abort();
    this.#jobs.delete(key);
  }

  #schedule(job: Job, delayMs: number): void {
    if (job.stopped) return;
    if (job.timer) clearTimeout(job.timer);
    job.timer = setTimeout(() => {
      job.timer = null;
      job.running = this.#run(job);
    }, delayMs);
    job.timer.unref(); // checks alone must not keep the process alive
  }

  async #run(job: Job): Promise<void> {
    let result: ProbeResult;
    try {
      result = await this.#probe(job.spec, job.abort.signal);
    } catch (err) {
      result = { ok: false, status: null, latencyMs: 0, error: err instanceof Error ? err.message : String(err) };
    }
    job.running = null;
    if (job.stopped) return;
    applyCheckResult(this.#registry, job.state, result, job.thresholds, this.#now());
    const rerun = job.rerun;
    job.rerun = false;
    this.#schedule(job, rerun ? 0 : job.intervalMs);
  }
}
