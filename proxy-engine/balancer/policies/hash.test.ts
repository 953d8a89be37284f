import { describe, expect, it } from 'vitest';
import { context, expectPeer, letters, sequence, servers, setup } from '../../../test/helpers/balancer-support.ts';

const uriPool = (weights: number[], down: number[] = []) =>
  setup({
    name: 'p',
    algorithm: 'HASH',
    balance: { hashKey: { source: 'uri' }, consistent: false },
    servers: servers(...weights.map((weight, i) => ({ weight, down: down.includes(i) }))),
  }).runtime;

// From an independent transcription of ngx_http_upstream_get_hash_peer (crc32 >> 16 & 0x7fff, "N" prefix on rehash).
describe('hash (generic, not consistent)', () => {
  const cases = [
    { key: '/a', equal: 'b', weighted: 'a', firstDown: 'a' },
    { key: '/b', equal: 'c', weighted: 'b', firstDown: 'b' },
    { key: '/index.html', equal: 'c', weighted: 'b', firstDown: 'a' },
    { key: '/api/users/42', equal: 'b', weighted: 'a', firstDown: 'c' },
    { key: 'user-17', equal: 'b', weighted: 'c', firstDown: 'c' },
  ];
  it.each(cases)('$key → $equal (1:1:1), $weighted (1:2:1), $firstDown after rehash', ({ key, equal, weighted, firstDown }) => {
    const of = (weights: number[], down: number[] = []) => letters([expectPeer(uriPool(weights, down).pick(context({ uri: key }))).address]);
    expect(of([1, 1, 1])).toBe(equal);
    expect(of([1, 2, 1])).toBe(weighted);
    expect(of([1, 1, 1], [equal.charCodeAt(0) - 97])).toBe(firstDown);
  });

  it('sends the same key to the same server every time', () => {
    const runtime = uriPool([1, 1, 1, 1, 1]);
    const first = sequence(runtime, 1, context({ uri: '/cart?id=9' }))[0];
    expect(new Set(sequence(runtime, 50, context({ uri: '/cart?id=9' })))).toEqual(new Set([first]));
  });

  it('shares keys roughly by weight', () => {
    const runtime = uriPool([1, 2, 1]);
    const counts = [0, 0, 0];
    for (let i = 0; i < 20_000; i++) {
      const peer = expectPeer(runtime.pick(context({ uri: `/item/${i}` })));
      counts[peer.address.charCodeAt(7) - 49]!++;
      peer.release('success');
    }
    expect(counts[0]! / 20_000).toBeCloseTo(0.25, 1);
    expect(counts[1]! / 20_000).toBeCloseTo(0.5, 1);
  });

  it('uses round robin when the key is empty (nginx does the same)', () => {
    const { runtime } = setup({ name: 'p', algorithm: 'HASH', balance: { hashKey: { source: 'header', name: 'X-User' } }, servers: servers(1, 1, 1) });
    expect(letters(sequence(runtime, 4))).toBe('a b c a');
  });
});
