// A pool compiled for request time: the peers in nginx's two lists (primaries, then
// backups), the selection policy of each, and `pick`, which applies nginx's rules around
// the policy: a single-server pool skips failure accounting, backups are tried only when
// no primary can take the attempt (down, tried, unhealthy, failed or at max_conns), and
// when nothing can, the answer is an error rather than a guess. nginx 1.22 no longer
// revives all failed servers at once when every one is out (that "quick recovery" went
// in 1.11.5): the request gets "no live upstreams" (a 502) until a window expires.
import { parseAddress } from '../../core/config/primitives.ts';
import type { Algorithm, PoolConfig, ServerConfig } from '../../core/config/pool.ts';
import { isOnlyBusy } from './eligibility.ts';
import { compileHashKey } from './hash-key.ts';
import { notePicked } from './passive-health.ts';
import { PeerLease, type LeaseContext } from './peer-lease.ts';
import { createConsistentHash } from './policies/consistent-hash.ts';
import { createHash } from './policies/hash.ts';
import { createIpHash } from './policies/ip-hash.ts';
import { createLeastConn } from './policies/least-conn.ts';
import { createRandomTwo } from './policies/random-two.ts';
import { createRoundRobin } from './policies/round-robin.ts';
import type { PoolSignal, ServerStateRegistry, ServerStateSource, SharedPoolSelection } from './server-state.ts';
import { resetWeights, SharedWeightsPeer } from './shared-weights-peer.ts';
import type { Peer, PeerState, PickError, SelectionContext, SelectionPolicy } from './types.ts';

export interface PoolRuntime {
  readonly id: string;
  readonly name: string;
  readonly algorithm: Algorithm;
  /** nginx's upstream tries: servers not marked down, primaries plus backups. Bound retries by it. */
  readonly tries: number;
  readonly peers: readonly PeerState[];
  /** Registry keys of every server, for ServerStateRegistry.retain after a reload. */
  readonly keys: readonly string[];
  /** Picks a server for one attempt; pass the addresses this request already tried. */
  pick(ctx: SelectionContext, tried?: ReadonlySet<string>): Peer | PickError;
}

const NO_LIVE_UPSTREAMS: PickError = Object.freeze({ error: 'no_live_upstreams' });
const ALL_BUSY: PickError = Object.freeze({ error: 'all_busy' });
const NOTHING_TRIED: ReadonlySet<string> = new Set();

export interface CompileOptions {
  /** For RANDOM_TWO; tests pass a seeded generator. */
  random?: () => number;
  /** Pool size from which round robin may use its steady mode (tests lower it to compare both modes). */
  steadyMinPeers?: number;
  /** Where server states come from (a compile's plan); default: the registry itself. */
  states?: ServerStateSource;
  /**
   * The revision compiled (the engine's runtimes pass it). With shared server state it
   * makes selection shared: the weights live in shared memory, each pick is one critical
   * section under the pool's lock, and the first pick of a newer revision starts them
   * afresh, as a reload does. Without it the weights stay in this runtime.
   */
  generation?: number;
}

/** Throws when the pool cannot be compiled (the engine then disables this pool with the message). */
export function compilePool(
  config: PoolConfig,
  registry: ServerStateRegistry,
  now: () => number = Date.now,
  options: CompileOptions = {},
): PoolRuntime {
  const states = options.states ?? registry;
  const primaryConfigs = config.servers.filter((s) => !s.backup);
  const backupConfigs = config.servers.filter((s) => s.backup);
  const single = primaryConfigs.length === 1 && backupConfigs.length === 0;
  const slowStartApplies = !single && (config.algorithm === 'ROUND_ROBIN' || config.algorithm === 'LEAST_CONN');

  const selection: SharedPoolSelection | null = options.generation === undefined || single ? null : (states.selection?.(config.id) ?? null);
  const generation = options.generation ?? 0;

  let index = 0;
  const toPeer = (server: ServerConfig): PeerState => {
    const target = parseAddress(server.address);
    if (!target) throw new Error(`invalid server address ${server.address}`);
    const state = states.get(config.id, server.address);
    const fields = {
      index: index++,
      address: server.address,
      target,
      weight: server.weight,
      backup: server.backup,
      down: server.down,
      maxFails: server.maxFails,
      failTimeoutMs: server.failTimeoutMs,
      maxConns: server.maxConns,
      slowStartMs: slowStartApplies ? server.slowStartMs : 0,
      state,
    };
    if (selection !== null && state.shared) return new SharedWeightsPeer(fields, state.shared);
    return { ...fields, currentWeight: 0, effectiveWeight: server.weight, scanMark: 0 };
  };
  const primaries = primaryConfigs.map(toPeer);
  const backups = backupConfigs.map(toPeer);
  const peers = [...primaries, ...backups];

  // Steady round robin keeps its order in a thread-local structure: with shared weights
  // every pick runs nginx's loop instead (no signal, no steady mode).
  const signal = selection === null ? states.signal(config.id) : undefined;
  const policyOptions: PolicyOptions = { random: options.random ?? Math.random, signal, steadyMinPeers: options.steadyMinPeers };
  const primaryPolicy = createPolicy(config, primaries, policyOptions);
  // nginx refuses backups with hash algorithms (and the config model does too); round
  // robin keeps any that slip through usable.
  const backupAlgorithm = config.algorithm === 'HASH' || config.algorithm === 'IP_HASH' ? 'ROUND_ROBIN' : config.algorithm;
  const backupPolicy = backups.length === 0 ? null : createPolicy({ ...config, algorithm: backupAlgorithm }, backups, policyOptions);
  const context: LeaseContext = { registry, now, single, selection };
  const onlyPeer = single ? primaries[0]! : null;

  const lease = (peer: PeerState, at: number): Peer | null => {
    const state = peer.state;
    if (state.shared) {
      // Another worker may have taken the last max_conns slot since the policy looked.
      if (!state.shared.tryLease(peer.maxConns)) return null;
    } else state.inFlight++;
    if (peer.maxConns !== 0 && state.inFlight >= peer.maxConns) state.signal.epoch++;
    if (!single) notePicked(peer, at);
    return new PeerLease(peer, context);
  };

  // Selects and leases; a peer another worker filled meanwhile is skipped like a tried one.
  const select = (ctx: SelectionContext, tried: ReadonlySet<string>, at: number): Peer | PickError => {
    let skip = tried;
    for (let attempt = 0; attempt <= peers.length; attempt++) {
      const peer = primaryPolicy.select(ctx, skip, at) ?? backupPolicy?.select(ctx, skip, at) ?? null;
      if (peer === null) return refuse(tried, at);
      const leased = lease(peer, at);
      if (leased !== null) return leased;
      skip = new Set(skip).add(peer.address);
    }
    return ALL_BUSY;
  };

  const refuse = (tried: ReadonlySet<string>, at: number): PickError => {
    for (const peer of peers) if (isOnlyBusy(peer, tried, at, !single)) return ALL_BUSY;
    return NO_LIVE_UPSTREAMS;
  };

  return {
    id: config.id,
    name: config.name,
    algorithm: config.algorithm,
    tries: peers.filter((p) => !p.down).length,
    peers,
    keys: peers.map((p) => p.state.key),
    pick(ctx: SelectionContext, tried: ReadonlySet<string> = NOTHING_TRIED): Peer | PickError {
      const at = now();
      if (onlyPeer !== null) {
        // nginx's single-peer path: only `down` and max_conns (and, here, the active check) keep it out.
        const peer = onlyPeer;
        const blocked = peer.down || peer.state.health === 'unhealthy' || (tried.size !== 0 && tried.has(peer.address));
        if (blocked) return NO_LIVE_UPSTREAMS;
        if (peer.maxConns !== 0 && peer.state.inFlight >= peer.maxConns) return ALL_BUSY;
        return lease(peer, at) ?? ALL_BUSY;
      }
      if (selection === null) return select(ctx, tried, at);
      // One critical section: no other worker picks from these weights and in-flight
      // counts until this pick has moved them.
      selection.lock();
      try {
        if (selection.enter(generation)) resetWeights(peers);
        return select(ctx, tried, at);
      } finally {
        selection.unlock();
      }
    },
  };
}

interface PolicyOptions {
  random: () => number;
  signal: PoolSignal | undefined;
  steadyMinPeers: number | undefined;
}

function createPolicy(config: PoolConfig, peers: readonly PeerState[], { random, signal, steadyMinPeers }: PolicyOptions): SelectionPolicy {
  switch (config.algorithm) {
    case 'ROUND_ROBIN':
      return createRoundRobin(peers, { ...(signal === undefined ? {} : { signal }), ...(steadyMinPeers === undefined ? {} : { steadyMinPeers }) });
    case 'LEAST_CONN':
      return createLeastConn(peers);
    case 'IP_HASH':
      return createIpHash(peers);
    case 'RANDOM_TWO':
      return createRandomTwo(peers, random);
    case 'HASH': {
      if (!config.balance.hashKey) throw new Error('the HASH algorithm needs a key');
      const keyOf = compileHashKey(config.balance.hashKey);
      return config.balance.consistent ? createConsistentHash(peers, keyOf) : createHash(peers, keyOf);
    }
  }
}
