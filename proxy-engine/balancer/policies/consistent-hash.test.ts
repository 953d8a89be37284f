import { describe, expect, it } from 'vitest';
import { context, expectPeer, letters, servers, setup } from '../../../test/helpers/balancer-support.ts';
import { buildRing, ketamaHostPort } from './consistent-hash.ts';

const ketama = (list: ReturnType<typeof servers>, id = 'p') =>
  setup({ name: 'p', algorithm: 'HASH', balance: { hashKey: { source: 'uri' }, consistent: true }, servers: list }, { id }).runtime;

const owner = (runtime: ReturnType<typeof ketama>, uri: string) => {
  const peer = expectPeer(runtime.pick(context({ uri })));
  peer.release('success');
  return peer.address;
};

describe('consistent hash (ketama)', () => {
  it.each([
    { address: '10.0.0.1:80', host: '10.0.0.1', port: '80' },
    { address: '[2001:db8::1]:8080', host: '[2001:db8::1]', port: '8080' },
    { address: 'backend.internal', host: 'backend.internal', port: '' },
    { address: 'unix:/run/app.sock', host: '/run/app.sock', port: '' },
    { address: 'UNIX:/run/app.sock', host: '/run/app.sock', port: '' },
  ])('splits $address as nginx does', ({ address, host, port }) => {
    expect(ketamaHostPort(address)).toEqual({ host, port });
  });

  it('puts 160 points per weight unit on the ring, at nginx\'s positions', () => {
    const { runtime } = setup({ name: 'p', algorithm: 'HASH', balance: { hashKey: { source: 'uri' }, consistent: true }, servers: servers(1, 1, 1) });
    const ring = buildRing(runtime.peers);
    expect(ring.hashes.length).toBe(480);
    // First points from an independent transcription (crc32("10.0.0.1\0" "80" prev_le32)).
    expect([...ring.hashes.subarray(0, 3)]).toEqual([3751338, 15858338, 21967852]);
    expect([...ring.owners.subarray(0, 3)]).toEqual([0, 1, 0]);
    expect(buildRing(setup({ name: 'p', servers: servers(1, 3) }).runtime.peers).hashes.length).toBe(640);
  });

  it.each([
    { key: '/a', equal: 'a', weighted: 'a', firstDown: 'b' },
    { key: '/b', equal: 'c', weighted: 'c', firstDown: 'a' },
    { key: '/index.html', equal: 'a', weighted: 'a', firstDown: 'c' },
    { key: '/api/users/42', equal: 'c', weighted: 'c', firstDown: 'a' },
    { key: 'user-17', equal: 'c', weighted: 'c', firstDown: 'a' },
  ])('$key → $equal, $weighted with b at weight 2, $firstDown when $equal is down', ({ key, equal, weighted, firstDown }) => {
    expect(letters([owner(ketama(servers(1, 1, 1)), key)])).toBe(equal);
    expect(letters([owner(ketama(servers(1, 2, 1)), key)])).toBe(weighted);
    const down = equal.charCodeAt(0) - 97;
    expect(letters([owner(ketama(servers(...[0, 1, 2].map((i) => ({ down: i === down })))), key)])).toBe(firstDown);
  });

  const keys = Array.from({ length: 10_000 }, (_, i) => `/object/${i}?v=${i % 7}`);
  const ten = servers(...Array<number>(10).fill(1));

  it('remaps at most 1.3/N of 10,000 keys when one of 10 servers is removed, and only its keys', () => {
    const before = ketama(ten);
    const removed = ten[4]!.address;
    const after = ketama(ten.filter((s) => s.address !== removed), 'p2');
    let moved = 0;
    for (const key of keys) {
      const was = owner(before, key);
      const now = owner(after, key);
      if (was !== now) {
        moved++;
        expect(was).toBe(removed);
      }
    }
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThanOrEqual((1.3 / 10) * keys.length);
  });

  it('remaps at most 1.3/N when a server is added, and only to the new one', () => {
    const before = ketama(ten);
    const added = { address: '10.0.1.99:80' };
    const after = ketama([...ten, added], 'p2');
    let moved = 0;
    for (const key of keys) {
      const now = owner(after, key);
      if (owner(before, key) !== now) {
        moved++;
        expect(now).toBe(added.address);
      }
    }
    expect(moved).toBeLessThanOrEqual((1.3 / 11) * keys.length);
  });

  it('keeps a key on its server, and a failed server\'s keys go to the next point\'s owner', () => {
    const runtime = ketama(ten);
    const home = owner(runtime, '/sticky');
    for (let i = 0; i < 20; i++) expect(owner(runtime, '/sticky')).toBe(home);
    const retry = expectPeer(runtime.pick(context({ uri: '/sticky' }), new Set([home])));
    expect(retry.address).not.toBe(home);
  });

  it('refuses a ring too large to hold', () => {
    expect(() => ketama(servers(...Array<number>(30).fill(1000)))).toThrow(/ring points/);
  });
});
