import { describe, expect, it } from 'vitest';
import { context, expectPeer, sequence, servers, setup } from '../../test/helpers/balancer-support.ts';

const addr = (letter: string) => `10.0.0.${letter.charCodeAt(0) - 96}:80`;

describe('slow start', () => {
  const share = (runtime: ReturnType<typeof setup>['runtime'], n = 2000) =>
    sequence(runtime, n).filter((a) => a === addr('b')).length / n;

  it.each([
    { elapsed: 0, expected: 0 },
    { elapsed: 2_500, expected: 2.5 / 12.5 },
    { elapsed: 5_000, expected: 5 / 15 },
    { elapsed: 7_500, expected: 7.5 / 17.5 },
    { elapsed: 10_000, expected: 0.5 },
    { elapsed: 60_000, expected: 0.5 },
  ])('round robin: $elapsed ms after recovery the server gets its ramped share ($expected)', ({ elapsed, expected }) => {
    const { runtime, registry, clock } = setup({ name: 'p', servers: servers({ weight: 10, slowStartMs: 10_000 }, { weight: 10, slowStartMs: 10_000 }) });
    const b = runtime.peers[1]!.state;
    registry.transition(b, 'active', 'unhealthy', null, clock());
    registry.transition(b, 'active', 'healthy', null, clock());
    clock.advance(elapsed);
    expect(share(runtime)).toBeCloseTo(expected, 2);
  });

  it('least_conn: held connections follow the ramped weight', () => {
    const { runtime, registry, clock } = setup({ name: 'p', algorithm: 'LEAST_CONN', servers: servers({ weight: 10, slowStartMs: 8_000 }, { weight: 10, slowStartMs: 8_000 }) });
    registry.transition(runtime.peers[1]!.state, 'passive', 'unhealthy', null, clock());
    registry.transition(runtime.peers[1]!.state, 'passive', 'healthy', null, clock());
    clock.advance(2_000); // b at a quarter of its weight
    for (let i = 0; i < 100; i++) expectPeer(runtime.pick(context()));
    expect(runtime.peers.map((p) => p.state.inFlight)).toEqual([80, 20]);
  });

  it('starts when a server comes back after a passive failure', () => {
    const { runtime, clock } = setup({ name: 'p', servers: servers({ weight: 10, slowStartMs: 10_000 }, { weight: 10, slowStartMs: 10_000 }) });
    expectPeer(runtime.pick(context(), new Set([addr('a')]))).release('failure');
    clock.advance(10_001);
    expectPeer(runtime.pick(context(), new Set([addr('a')]))).release('success');
    expect(runtime.peers[1]!.state.recoveredAt).toBe(clock());
    expect(share(runtime, 500)).toBeLessThan(0.05);
  });

  it.each(['IP_HASH', 'RANDOM_TWO'] as const)('does not apply to %s (as NGINX Plus), nor to a single server', (algorithm) => {
    const { runtime } = setup({ name: 'p', algorithm, servers: servers({ slowStartMs: 5_000 }, { slowStartMs: 5_000 }) });
    expect(runtime.peers.map((p) => p.slowStartMs)).toEqual([0, 0]);
    expect(setup({ name: 'p', servers: servers({ slowStartMs: 5_000 }) }).runtime.peers[0]!.slowStartMs).toBe(0);
  });
});
