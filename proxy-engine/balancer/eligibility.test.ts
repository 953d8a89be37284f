// When nothing can be picked: "all busy" (worth queueing) versus "no live upstreams", and
// max_conns holding under concurrency for every algorithm.
import { describe, expect, it } from 'vitest';
import type { PoolInput } from '../../core/config/pool.ts';
import { context, expectPeer, letters, servers, setup } from '../../test/helpers/balancer-support.ts';
import { isPickError, type Peer } from './types.ts';

const addr = (letter: string) => `10.0.0.${letter.charCodeAt(0) - 96}:80`;

describe('no live upstreams vs all busy', () => {
  type S = { down?: boolean; maxConns?: number; inFlight?: number; unhealthy?: boolean; failed?: boolean; backup?: boolean };
  const cases: Array<{ desc: string; servers: S[]; tried?: string[]; expected: string }> = [
    { desc: 'every server at max_conns', servers: [{ maxConns: 1, inFlight: 1 }, { maxConns: 2, inFlight: 2 }], expected: 'all_busy' },
    { desc: 'busy ones plus down ones', servers: [{ maxConns: 1, inFlight: 1 }, { down: true }], expected: 'all_busy' },
    { desc: 'busy ones plus passively failed ones', servers: [{ maxConns: 1, inFlight: 1 }, { failed: true }], expected: 'all_busy' },
    { desc: 'a busy backup while the primaries are down', servers: [{ down: true }, { backup: true, maxConns: 1, inFlight: 1 }], expected: 'all_busy' },
    { desc: 'at max_conns but unhealthy: not worth waiting for', servers: [{ maxConns: 1, inFlight: 1, unhealthy: true }, { down: true }], expected: 'no_live_upstreams' },
    { desc: 'busy but already tried by this request', servers: [{ maxConns: 1, inFlight: 1 }, { down: true }], tried: ['a'], expected: 'no_live_upstreams' },
    { desc: 'everything down', servers: [{ down: true }, { down: true }], expected: 'no_live_upstreams' },
    { desc: 'everything failed', servers: [{ failed: true }, { failed: true }], expected: 'no_live_upstreams' },
    { desc: 'single server at max_conns', servers: [{ maxConns: 3, inFlight: 3 }], expected: 'all_busy' },
    { desc: 'single server down', servers: [{ down: true }], expected: 'no_live_upstreams' },
    { desc: 'single server unhealthy', servers: [{ unhealthy: true }], expected: 'no_live_upstreams' },
    { desc: 'single server failed passively: still used (nginx)', servers: [{ failed: true }], expected: 'a' },
  ];
  it.each(cases)('$desc → $expected', (c) => {
    const { runtime } = setup({ name: 'p', servers: servers(...c.servers.map((s) => ({ down: s.down, maxConns: s.maxConns, backup: s.backup }))) });
    c.servers.forEach((s, i) => {
      const state = runtime.peers[i]!.state;
      state.inFlight = s.inFlight ?? 0;
      if (s.unhealthy) state.health = 'unhealthy';
      if (s.failed) {
        state.fails = 1;
        state.checkedAt = Date.now() * 2; // inside any window of the test clock
      }
    });
    const result = runtime.pick(context(), new Set((c.tried ?? []).map(addr)));
    expect(isPickError(result) ? result.error : letters([result.address])).toBe(c.expected);
  });
});

describe('max_conns', () => {
  const algorithms: PoolInput['algorithm'][] = ['ROUND_ROBIN', 'LEAST_CONN', 'IP_HASH', 'HASH', 'RANDOM_TWO'];
  it.each(algorithms)('%s: 200 concurrent picks never exceed any limit; the overflow is all_busy', (algorithm) => {
    const { runtime } = setup({
      name: 'p',
      algorithm,
      balance: algorithm === 'HASH' ? { hashKey: { source: 'uri' } } : undefined,
      servers: servers({ maxConns: 50 }, { maxConns: 60, weight: 3 }, { maxConns: 70 }),
    });
    const held: Peer[] = [];
    let busy = 0;
    for (let i = 0; i < 200; i++) {
      const result = runtime.pick(context({ clientIp: `198.51.${i}.9`, uri: `/k/${i}` }));
      if (isPickError(result)) {
        expect(result.error).toBe('all_busy');
        busy++;
      } else held.push(result);
      runtime.peers.forEach((p) => expect(p.state.inFlight).toBeLessThanOrEqual(p.maxConns));
    }
    expect(held.length).toBe(180);
    expect(busy).toBe(20);
    expect(runtime.peers.map((p) => p.state.inFlight)).toEqual([50, 60, 70]);
    held.find((p) => p.address === addr('b'))!.release('success');
    expect(expectPeer(runtime.pick(context({ clientIp: '203.0.113.1', uri: '/x' }))).address).toBe(addr('b'));
    for (const peer of held) peer.release('success');
    expect(runtime.peers.map((p) => p.state.inFlight)).toEqual([0, 1, 0]);
  });

  it('holds under asynchronous churn: 200 tasks picking, waiting and releasing', async () => {
    const { runtime } = setup({ name: 'p', algorithm: 'LEAST_CONN', servers: servers({ maxConns: 5 }, { maxConns: 7 }, { maxConns: 3 }) });
    let peak = 0;
    let busy = 0;
    await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        await new Promise((resolve) => setTimeout(resolve, i % 5));
        const result = runtime.pick(context());
        if (isPickError(result)) {
          busy++;
          return;
        }
        runtime.peers.forEach((p) => expect(p.state.inFlight).toBeLessThanOrEqual(p.maxConns));
        peak = Math.max(peak, runtime.peers.reduce((sum, p) => sum + p.state.inFlight, 0));
        await new Promise((resolve) => setTimeout(resolve, 1 + (i % 3)));
        result.release('success');
      }),
    );
    expect(peak).toBe(15);
    expect(busy).toBeGreaterThan(0);
    expect(runtime.peers.map((p) => p.state.inFlight)).toEqual([0, 0, 0]);
  });
});
