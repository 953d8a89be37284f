// The steady mode must be invisible: the same picks as nginx's O(n) loop, always. These
// tests run both side by side — from arbitrary weights, and through random traffic with
// failures, health changes, max_conns, retries and clock jumps.
import { describe, expect, it } from 'vitest';
import type { PoolInput } from '../../../core/config/pool.ts';
import { context, seededRandom, setup, testClock } from '../../../test/helpers/balancer-support.ts';
import { isPickError, type Peer, type PeerState } from '../types.ts';
import { createRoundRobin } from './round-robin.ts';
import { SteadyRoundRobin } from './steady-round-robin.ts';

function peersOf(weights: number[], currents: number[] = []): PeerState[] {
  const { runtime } = setup({ name: 'p', servers: weights.map((weight, i) => ({ address: `10.0.${i >> 8}.${i & 255}:80`, weight })) });
  runtime.peers.forEach((p, i) => (p.currentWeight = currents[i] ?? 0));
  return runtime.peers as PeerState[];
}

describe('SteadyRoundRobin', () => {
  const cases = [
    { desc: '5:3:1 from zero', weights: [5, 3, 1], currents: [] },
    { desc: 'equal weights, shuffled start', weights: [1, 1, 1, 1, 1], currents: [2, -3, 0, 4, -3] },
    { desc: 'mixed classes with ties everywhere', weights: [2, 1, 2, 1, 3, 3, 1], currents: [0, 0, 0, 0, 0, 0, 0] },
    { desc: 'mid-cycle state after failures', weights: [4, 4, 1, 7, 2], currents: [-6, 3, 1, 5, -3] },
    { desc: '200 peers, 3 classes', weights: Array.from({ length: 200 }, (_, i) => 1 + (i % 3)), currents: [] },
  ];
  it.each(cases)('matches the loop pick for pick and leaves the same weights: $desc', ({ weights, currents }) => {
    const reference = peersOf(weights, currents);
    const fast = peersOf(weights, currents);
    const loop = createRoundRobin(reference);
    const steady = SteadyRoundRobin.build(fast)!;
    const none = new Set<string>();
    for (let i = 0; i < 5_000; i++) {
      const expected = loop.select(context(), none, 0)!;
      const got = steady.peek();
      steady.commit();
      if (got.address !== expected.address) throw new Error(`pick ${i}: ${got.address} ≠ ${expected.address}`);
    }
    steady.materialize();
    expect(fast.map((p) => p.currentWeight)).toEqual(reference.map((p) => p.currentWeight));
  });

  it('declines pools with more than 8 distinct weights', () => {
    expect(SteadyRoundRobin.build(peersOf([1, 2, 3, 4, 5, 6, 7, 8, 9]))).toBeNull();
  });
});

describe('round robin steady mode under random traffic', () => {
  const scenarios = [1, 2, 3, 4, 5, 6, 7, 8];
  it.each(scenarios)('seed %i: same picks as the plain loop', (seed) => {
    const rng = seededRandom(seed);
    const size = 4 + Math.floor(rng() * 30);
    const servers: PoolInput['servers'] = Array.from({ length: size }, (_, i) => ({
      address: `10.1.${i}.1:80`,
      weight: [1, 1, 2, 3, 5][Math.floor(rng() * 5)]!,
      down: rng() < 0.05,
      maxFails: Math.floor(rng() * 3),
      maxConns: rng() < 0.1 ? 2 + Math.floor(rng() * 4) : 0,
      backup: i > 2 && rng() < 0.08,
    }));
    const clock = testClock();
    const fast = setup({ name: 'p', servers }, { clock, steadyMinPeers: 1 });
    const plain = setup({ name: 'p', servers }, { clock, steadyMinPeers: Number.POSITIVE_INFINITY });
    const held: Array<[Peer, Peer]> = [];
    let steadyPicks = 0;
    const pick = (tried: Set<string>) => {
      const before = fast.runtime.peers.map((p) => p.currentWeight).join();
      const a = fast.runtime.pick(context(), tried);
      const b = plain.runtime.pick(context(), tried);
      const got = isPickError(a) ? a.error : a.address;
      expect(got).toBe(isPickError(b) ? b.error : b.address);
      if (!isPickError(a) && before === fast.runtime.peers.map((p) => p.currentWeight).join()) steadyPicks++;
      if (!isPickError(a) && !isPickError(b)) held.push([a, b]);
    };
    // Quiet stretches (the steady mode gets entered) alternate with turbulent ones:
    // failures, verdict changes, retries, max_conns and clock jumps, at every kind of moment.
    const transition = (i: number, to: 'healthy' | 'unhealthy') => {
      fast.registry.transition(fast.runtime.peers[i]!.state, 'active', to, null, clock());
      plain.registry.transition(plain.runtime.peers[i]!.state, 'active', to, null, clock());
    };
    const release = (outcome: 'success' | 'failure') => {
      if (held.length === 0) return;
      const [a, b] = held.splice(Math.floor(rng() * held.length), 1)[0]!;
      a.release(outcome);
      b.release(outcome);
    };
    for (let step = 0; step < 8_000; step++) {
      const quiet = Math.floor(step / 400) % 2 === 1;
      if (quiet && step % 400 === 0) {
        for (let i = 0; i < size; i++) transition(i, 'healthy');
        clock.advance(30_000); // let every failure window run out
      }
      const op = rng();
      if (quiet) {
        if (op < 0.5) pick(new Set());
        else release('success');
      } else if (op < 0.4) pick(new Set());
      else if (op < 0.45) pick(new Set(servers.filter(() => rng() < 0.3).map((s) => s.address)));
      else if (op < 0.85) release(rng() < 0.1 ? 'failure' : 'success');
      else if (op < 0.92) transition(Math.floor(rng() * size), rng() < 0.5 ? 'unhealthy' : 'healthy');
      else clock.advance(Math.floor(rng() * 15_000));
    }
    expect(steadyPicks).toBeGreaterThan(200); // the comparison covered the steady mode, not just the loop
  });

  it('serves a quiet pool from the steady mode (current weights stay untouched between picks)', () => {
    const { runtime } = setup({ name: 'p', servers: Array.from({ length: 50 }, (_, i) => ({ address: `10.2.${i}.1:80`, weight: 1 + (i % 2) })) });
    const first = runtime.pick(context());
    if (!isPickError(first)) first.release('success');
    const snapshot = runtime.peers.map((p) => p.currentWeight).join();
    for (let i = 0; i < 100; i++) {
      const peer = runtime.pick(context());
      if (!isPickError(peer)) peer.release('success');
    }
    expect(runtime.peers.map((p) => p.currentWeight).join()).toBe(snapshot);
  });
});
