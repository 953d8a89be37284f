import { describe, expect, it } from 'vitest';
import { context, expectPeer, seededRandom, servers, setup } from '../../../test/helpers/balancer-support.ts';

const randomTwo = (list: ReturnType<typeof servers>, seed = 7) =>
  setup({ name: 'p', algorithm: 'RANDOM_TWO', servers: list }, { random: seededRandom(seed) }).runtime;

describe('random two least_conn', () => {
  it('never picks the busiest server: it always loses its comparison', () => {
    const runtime = randomTwo(servers(1, 1, 1, 1));
    runtime.peers[0]!.state.inFlight = 10;
    for (let i = 0; i < 1000; i++) {
      const peer = expectPeer(runtime.pick(context()));
      expect(peer.address).not.toBe('10.0.0.1:80');
      peer.release('success');
    }
  });

  it('keeps held connections balanced (max - min small), far better than one random choice', () => {
    const runtime = randomTwo(servers(...Array<number>(20).fill(1)));
    for (let i = 0; i < 2000; i++) expectPeer(runtime.pick(context()));
    const loads = runtime.peers.map((p) => p.state.inFlight);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(3);
  });

  it('compares load relative to weight', () => {
    const runtime = randomTwo(servers(3, 1));
    for (let i = 0; i < 400; i++) expectPeer(runtime.pick(context()));
    const [heavy, light] = runtime.peers.map((p) => p.state.inFlight);
    expect(heavy! / light!).toBeCloseTo(3, 0);
  });

  it('skips down and unhealthy servers and falls back to round robin when draws keep missing', () => {
    const runtime = randomTwo(servers(...Array.from({ length: 50 }, (_, i) => ({ down: i !== 3 }))));
    for (let i = 0; i < 20; i++) {
      const peer = expectPeer(runtime.pick(context()));
      expect(peer.address).toBe('10.0.0.4:80');
      peer.release('success');
    }
  });
});
