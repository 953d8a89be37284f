// Active TCP health checks for the pools streams send to: a server is healthy while a TCP
// connection to it opens within the check's timeout (nginx's stream health_check, without
// a `match` block). The pool's intervalMs, timeoutMs, rise and fall apply; its HTTP-only
// fields (path, method, status, body) do not. Verdicts live in the streams' registry, so a
// re-apply keeps them; a server no stream checks any more is dropped.
import net from 'node:net';
import type { PoolConfig } from '../../core/config/pool.ts';
import type { PoolRuntime } from '../balancer/pool-runtime.ts';
import type { ServerStateRegistry } from '../balancer/server-state.ts';
import type { PeerState } from '../balancer/types.ts';
import { applyCheckResult, clearVerdict } from '../health/rise-fall.ts';

export interface CheckedPool {
  config: PoolConfig;
  runtime: PoolRuntime;
}

function probe(peer: PeerState, timeoutMs: number): Promise<{ ok: boolean; status: null; latencyMs: number; error: string | null }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const target = peer.target;
    const socket = target.kind === 'unix' ? net.connect({ path: target.socketPath }) : net.connect({ host: target.host, port: target.port });
    const done = (error: string | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ ok: error === null, status: null, latencyMs: performance.now() - started, error });
    };
    const timer = setTimeout(() => done(`TCP connect timed out after ${timeoutMs} ms`), timeoutMs);
    socket.once('connect', () => done(null));
    socket.once('error', (error) => done(`TCP connect failed: ${(error as NodeJS.ErrnoException).code ?? error.message}`));
  });
}

export class TcpHealthChecker {
  readonly #registry: ServerStateRegistry;
  readonly #timers = new Map<string, { timer: NodeJS.Timeout; signature: string }>();

  constructor(registry: ServerStateRegistry) {
    this.#registry = registry;
  }

  update(pools: readonly CheckedPool[]): void {
    const wanted = new Map<string, { peer: PeerState; check: NonNullable<PoolConfig['healthCheck']> }>();
    for (const { config, runtime } of pools) {
      const check = config.healthCheck;
      if (!check?.enabled) continue;
      for (const peer of runtime.peers) wanted.set(peer.state.key, { peer, check });
    }
    for (const [key, entry] of this.#timers) {
      const next = wanted.get(key);
      if (next && entry.signature === JSON.stringify(next.check)) continue;
      clearInterval(entry.timer);
      this.#timers.delete(key);
      if (!next) {
        const state = this.#registry.get(key.split('|')[0]!, key.slice(key.indexOf('|') + 1));
        clearVerdict(this.#registry, state, 'no longer checked', Date.now());
      }
    }
    for (const [key, { peer, check }] of wanted) {
      if (this.#timers.has(key)) continue;
      const run = async () => applyCheckResult(this.#registry, peer.state, await probe(peer, check.timeoutMs), check, Date.now());
      void run();
      const timer = setInterval(() => void run(), check.intervalMs);
      timer.unref();
      this.#timers.set(key, { timer, signature: JSON.stringify(check) });
    }
  }

  stop(): void {
    for (const { timer } of this.#timers.values()) clearInterval(timer);
    this.#timers.clear();
  }
}
