// The handle `pick` returns: where to connect, and the one call that ends the attempt.
// Releasing is what keeps in-flight counts and passive health right, so it is guarded
// against a second call (an error path and a close handler both releasing).
import { recordOutcome } from './passive-health.ts';
import type { ServerStateRegistry, SharedPoolSelection } from './server-state.ts';
import type { Peer, PeerState } from './types.ts';

export interface LeaseContext {
  readonly registry: ServerStateRegistry;
  readonly now: () => number;
  /** nginx's `single`: one primary and no backups — no failure accounting at all. */
  readonly single: boolean;
  /** Set when the pool's weights are shared: a failure lowers an effective weight under the pool's lock. */
  readonly selection: SharedPoolSelection | null;
}

export class PeerLease implements Peer {
  readonly key: string;
  readonly address: string;
  readonly kind: 'tcp' | 'unix';
  readonly host: string;
  readonly port: number;
  readonly socketPath: string;
  readonly backup: boolean;
  readonly #peer: PeerState;
  readonly #context: LeaseContext;
  #released = false;

  constructor(peer: PeerState, context: LeaseContext) {
    this.#peer = peer;
    this.#context = context;
    this.key = peer.state.key;
    this.address = peer.address;
    this.kind = peer.target.kind;
    this.host = peer.target.host;
    this.port = peer.target.port;
    this.socketPath = peer.target.socketPath;
    this.backup = peer.backup;
  }

  get released(): boolean {
    return this.#released;
  }

  /**
   * `failure` is what nginx counts as one (proxy_next_upstream's error, timeout,
   * invalid_header, and the http_5xx/429 codes it lists; never http_403/http_404);
   * everything else, including an error status the engine relays, is `success`.
   */
  release(outcome: 'success' | 'failure', latencyMs?: number): void {
    if (this.#released) return;
    this.#released = true;
    const state = this.#peer.state;
    if (this.#peer.maxConns !== 0 && state.inFlight >= this.#peer.maxConns) state.signal.epoch++; // leaving max_conns
    if (state.shared) state.shared.leaseEnded();
    else if (state.inFlight > 0) state.inFlight--;
    state.requests++;
    if (outcome === 'failure') state.failures++;
    if (latencyMs !== undefined) state.lastLatencyMs = latencyMs;
    const { registry, now, single, selection } = this.#context;
    if (!single) {
      if (selection !== null && outcome === 'failure') {
        selection.lock();
        try {
          recordOutcome(this.#peer, true, now(), registry);
        } finally {
          selection.unlock();
        }
      } else recordOutcome(this.#peer, outcome === 'failure', now(), registry);
    }
    registry.released(state);
  }
}
