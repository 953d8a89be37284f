import { describe, expect, it } from 'vitest';
import { context, expectPeer, letters, servers, setup } from '../../../test/helpers/balancer-support.ts';

// Expected servers come from an independent transcription of nginx's loop
// ((hash * 113 + byte) % 6271 from 89); nginx-parity.test.ts checks the real binary.
describe('ip_hash', () => {
  const pick = (weights: number[], clientIp: string, down: number[] = []) => {
    const { runtime } = setup({ name: 'p', algorithm: 'IP_HASH', servers: servers(...weights.map((weight, i) => ({ weight, down: down.includes(i) }))) });
    return letters([expectPeer(runtime.pick(context({ clientIp }))).address]);
  };

  const cases = [
    { clientIp: '192.0.2.1', equal: 'a', weighted: 'c', firstDown: 'b' },
    { clientIp: '192.0.2.200', equal: 'a', weighted: 'c', firstDown: 'b' },
    { clientIp: '198.51.100.7', equal: 'a', weighted: 'a', firstDown: 'c' },
    { clientIp: '203.0.113.9', equal: 'a', weighted: 'a', firstDown: 'c' },
    { clientIp: '10.1.2.3', equal: 'b', weighted: 'a', firstDown: 'c' },
    { clientIp: '2001:db8::1', equal: 'c', weighted: 'a', firstDown: 'a' },
    { clientIp: '2001:db8::2', equal: 'a', weighted: 'b', firstDown: 'b' },
    { clientIp: '::ffff:198.51.100.7', equal: 'a', weighted: 'a', firstDown: 'c' },
    { clientIp: 'fe80::1', equal: 'a', weighted: 'c', firstDown: 'c' },
  ];
  it.each(cases)('$clientIp → $equal (1:1:1), $weighted (1:2:1), $firstDown after rehash', ({ clientIp, equal, weighted, firstDown }) => {
    expect(pick([1, 1, 1], clientIp)).toBe(equal);
    expect(pick([1, 2, 1], clientIp)).toBe(weighted);
    expect(pick([1, 1, 1], clientIp, [equal.charCodeAt(0) - 97])).toBe(firstDown);
  });

  it('keeps a /24 together and separates IPv6 clients by all 16 bytes', () => {
    const list = servers(...Array<number>(16).fill(1));
    const { runtime } = setup({ name: 'p', algorithm: 'IP_HASH', servers: list });
    const of = (clientIp: string) => {
      const peer = expectPeer(runtime.pick(context({ clientIp })));
      peer.release('success');
      return peer.address;
    };
    for (let host = 0; host < 256; host += 17) expect(of(`203.0.113.${host}`)).toBe(of('203.0.113.1'));
    const v6 = new Set<string>();
    for (let i = 0; i < 64; i++) v6.add(of(`2001:db8::${i.toString(16)}`));
    expect(v6.size).toBeGreaterThan(8);
  });

  it('hashes a client it cannot parse as three zero bytes, like nginx for unix-socket clients', () => {
    expect(pick([1, 1, 1], '')).toBe(pick([1, 1, 1], '0.0.0.9'));
  });

  it('still finds the one live server among 100 when rehashing gives up (round robin fallback)', () => {
    const list = servers(...Array.from({ length: 100 }, (_, i) => ({ down: i !== 37 })));
    const { runtime } = setup({ name: 'p', algorithm: 'IP_HASH', servers: list });
    for (let i = 0; i < 50; i++) expect(expectPeer(runtime.pick(context({ clientIp: `198.51.${i}.1` }))).address).toBe(list[37]!.address);
  });

  it('after 21 retries still follows the client sequence: draws that picked earlier tries are not counted again', () => {
    // 192.0.20.1 over 100 equal servers draws 2, 41, 29, … (independent transcription);
    // nginx resumes after each pick, so at the 22nd try it has skipped nothing yet.
    const sequenceOf = [2, 41, 29, 77, 18, 69, 53, 35, 86, 50, 39, 10, 48, 25, 38, 58, 51, 99, 80, 49, 9, 15];
    const list = Array.from({ length: 100 }, (_, i) => ({ address: `10.0.${i}.1:80` }));
    const { runtime } = setup({ name: 'p', algorithm: 'IP_HASH', servers: list });
    const tried = new Set(sequenceOf.slice(0, 21).map((i) => list[i]!.address));
    expect(expectPeer(runtime.pick(context({ clientIp: '192.0.20.1' }), tried)).address).toBe(list[15]!.address);
  });

  it('moves a retry to the next server of the client sequence', () => {
    const { runtime } = setup({ name: 'p', algorithm: 'IP_HASH', servers: servers(1, 1, 1) });
    const first = expectPeer(runtime.pick(context({ clientIp: '192.0.2.1' })));
    const retry = expectPeer(runtime.pick(context({ clientIp: '192.0.2.1' }), new Set([first.address])));
    expect(letters([first.address, retry.address])).toBe('a b');
  });
});
