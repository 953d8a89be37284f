import { describe, expect, it } from 'vitest';
import { context, expectPeer, letters, sequence, servers, setup } from '../../../test/helpers/balancer-support.ts';

describe('least_conn', () => {
  const cases = [
    { desc: 'fewest in flight wins', weights: [1, 1, 1], inFlight: [2, 1, 3], expected: 'b' },
    { desc: 'connections are divided by weight', weights: [3, 1, 1], inFlight: [2, 1, 1], expected: 'a' },
    { desc: 'equal ratio (2/2 = 1/1) is a tie, broken by weighted round robin', weights: [2, 1], inFlight: [2, 1], expected: 'a' },
    { desc: 'a tie among the idle ones starts from the first of them', weights: [1, 1, 1], inFlight: [1, 0, 0], expected: 'b' },
    { desc: 'heavier idle server wins the tie', weights: [1, 1, 5], inFlight: [1, 0, 0], expected: 'c' },
    { desc: 'a server at max_conns is skipped even when least loaded', weights: [1, 1], inFlight: [1, 3], maxConns: [1, 0], expected: 'b' },
  ];
  it.each(cases)('$desc', ({ weights, inFlight, maxConns, expected }) => {
    const { runtime } = setup({
      name: 'p',
      algorithm: 'LEAST_CONN',
      servers: servers(...weights.map((weight, i) => ({ weight, maxConns: maxConns?.[i] ?? 0 }))),
    });
    runtime.peers.forEach((peer, i) => {
      peer.state.inFlight = inFlight[i]!;
    });
    expect(letters([expectPeer(runtime.pick(context())).address])).toBe(expected);
  });

  it('is smooth weighted round robin when nothing stays in flight', () => {
    const { runtime } = setup({ name: 'p', algorithm: 'LEAST_CONN', servers: servers(5, 3, 1) });
    expect(letters(sequence(runtime, 9))).toBe('a b a c a b a b a');
  });

  it('spreads held connections in proportion to weight', () => {
    const { runtime } = setup({ name: 'p', algorithm: 'LEAST_CONN', servers: servers(3, 1, 2) });
    for (let i = 0; i < 60; i++) expectPeer(runtime.pick(context()));
    expect(runtime.peers.map((p) => p.state.inFlight)).toEqual([30, 10, 20]);
  });
});
