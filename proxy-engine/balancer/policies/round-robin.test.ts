import { describe, expect, it } from 'vitest';
import { letters, sequence, servers, setup } from '../../../test/helpers/balancer-support.ts';

// Expected sequences are nginx 1.22's (nginx-parity.test.ts replays the weighted ones
// against the real binary).
describe('smooth weighted round robin', () => {
  const cases = [
    { desc: '5:3:1', servers: servers(5, 3, 1), expected: 'a b a c a b a b a a b a c a b a b a' },
    { desc: '2:1:1', servers: servers(2, 1, 1), expected: 'a b c a a b c a' },
    { desc: '1:1:1', servers: servers(1, 1, 1), expected: 'a b c a b c' },
    { desc: '3:1 (ties go to the first server)', servers: servers(3, 1), expected: 'a a b a a a b a' },
    { desc: '5:3:1 with b down: the others keep their own interleaving', servers: servers(5, { weight: 3, down: true }, 1), expected: 'a a a c a a' },
    { desc: 'weight 1 next to weight 4', servers: servers(1, 4), expected: 'b b a b b' },
  ];
  it.each(cases)('$desc', ({ servers: list, expected }) => {
    const { runtime } = setup({ name: 'p', servers: list });
    expect(letters(sequence(runtime, expected.split(' ').length))).toBe(expected);
  });

  const distributions = [
    { desc: '5:3:1 over 90 requests', weights: [5, 3, 1], requests: 90, expected: [50, 30, 10] },
    { desc: '1:1:1 over 3000 requests', weights: [1, 1, 1], requests: 3000, expected: [1000, 1000, 1000] },
    { desc: '7:2 over 900 requests', weights: [7, 2], requests: 900, expected: [700, 200] },
    { desc: '1000 equal servers, one request each', weights: Array<number>(1000).fill(1), requests: 1000, expected: Array<number>(1000).fill(1) },
  ];
  it.each(distributions)('exact shares: $desc', ({ weights, requests, expected }) => {
    const list = weights.map((weight, i) => ({ address: `10.${i >> 8}.${i & 255}.1:80`, weight }));
    const { runtime } = setup({ name: 'p', servers: list });
    const counts = new Map<string, number>();
    for (const address of sequence(runtime, requests)) counts.set(address, (counts.get(address) ?? 0) + 1);
    expect(list.map((s) => counts.get(s.address) ?? 0)).toEqual(expected);
  });

  it('skips servers this request already tried without disturbing the others', () => {
    const { runtime } = setup({ name: 'p', servers: servers(1, 1, 1) });
    const first = runtime.pick({ clientIp: '', uri: '/', header: () => undefined, cookie: () => undefined });
    if ('error' in first) throw new Error(first.error);
    expect(first.address).toBe('10.0.0.1:80');
    const retry = runtime.pick({ clientIp: '', uri: '/', header: () => undefined, cookie: () => undefined }, new Set([first.address]));
    if ('error' in retry) throw new Error(retry.error);
    expect(retry.address).toBe('10.0.0.2:80');
  });
});
