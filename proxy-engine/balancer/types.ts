// The shapes the balancer shares: what a request offers for selection, a compiled
// peer, the policy interface every algorithm implements, and what `pick` hands back.
import type { ParsedAddress } from '../../core/config/primitives.ts';
import type { ServerState } from './server-state.ts';

/** What a request exposes to selection. Everything is lazy: a policy asks only for what its key needs. */
export interface SelectionContext {
  /** Client address as the socket reports it ("203.0.113.7", "2001:db8::1", "::ffff:203.0.113.7"). */
  clientIp: string;
  /** The original request URI with its query string ($request_uri). */
  uri: string;
  /** A request header by lower-case name. */
  header(name: string): string | undefined;
  cookie(name: string): string | undefined;
  /** The engine's variable expander (nginx complex value); when absent, hash-key.ts expands the common variables itself. */
  vars?(template: string): string;
  /** A `map` variable of the request's runtime (a hash key may name one). */
  mapVariable?(name: string): string;
}

/**
 * One server of a compiled pool. Static fields come from the config; `currentWeight` and
 * `effectiveWeight` are nginx's smooth-round-robin state, per compiled runtime (a reload
 * resets them, as an nginx reload does); `state` is the registry's record, which outlives
 * reloads.
 */
export interface PeerState {
  readonly index: number;
  readonly address: string;
  readonly target: ParsedAddress;
  readonly weight: number;
  readonly backup: boolean;
  readonly down: boolean;
  readonly maxFails: number;
  readonly failTimeoutMs: number;
  readonly maxConns: number;
  /** 0 when slow start does not apply (disabled, a single server, or a hash/random algorithm). */
  readonly slowStartMs: number;
  readonly state: ServerState;
  currentWeight: number;
  effectiveWeight: number;
  /** Scratch for policies that must recognise a peer seen earlier in the same scan (see hash.ts). */
  scanMark: number;
}

/**
 * A load-balancing algorithm bound to one peer list (primaries or backups). `select`
 * returns an eligible peer (see eligibility.ts) or null when none is; it may update
 * round-robin weights but never in-flight counts or health, which the runtime owns.
 * It must not allocate on its common path: it runs once per request.
 */
export interface SelectionPolicy {
  select(ctx: SelectionContext, tried: ReadonlySet<string>, now: number): PeerState | null;
}

/** A picked server. Call `release` exactly once, when the attempt is over (later calls are ignored). */
export interface Peer {
  readonly key: string;
  readonly address: string;
  readonly kind: 'tcp' | 'unix';
  readonly host: string;
  readonly port: number;
  readonly socketPath: string;
  readonly backup: boolean;
  release(outcome: 'success' | 'failure', latencyMs?: number): void;
}

export interface PickError {
  readonly error: 'no_live_upstreams' | 'all_busy';
}

export function isPickError(result: Peer | PickError): result is PickError {
  return 'error' in result;
}
