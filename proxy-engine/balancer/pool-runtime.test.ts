import { describe, expect, it } from 'vitest';
import type { PoolInput } from '../../core/config/pool.ts';
import { compilePool } from './pool-runtime.ts';
import { context, expectPeer, letters, poolConfig, sequence, servers, setup, testClock } from '../../test/helpers/balancer-support.ts';

const addr = (letter: string) => `10.0.0.${letter.charCodeAt(0) - 96}:80`;

describe('backup servers', () => {
  // a, b primaries; c, d backups.
  const cases: Array<{ desc: string; primaries?: Partial<PoolInput['servers'][number]>; prepare?: (rt: ReturnType<typeof setup>) => void; tried?: string[]; expected: string }> = [
    { desc: 'primaries serve while they can; backups stay idle', expected: 'a b a b' },
    { desc: 'both primaries down → backups, in round robin', primaries: { down: true }, expected: 'c d c d' },
    {
      desc: 'both primaries failed passively → backups',
      prepare: ({ runtime }) => {
        for (let i = 0; i < 2; i++) expectPeer(runtime.pick(context())).release('failure');
      },
      expected: 'c d c d',
    },
    {
      desc: 'both primaries unhealthy by the active check → backups',
      prepare: ({ runtime }) => runtime.peers.slice(0, 2).forEach((p) => (p.state.health = 'unhealthy')),
      expected: 'c d c d',
    },
    {
      desc: 'both primaries at max_conns → backups (nginx moves on to the backup list)',
      primaries: { maxConns: 1 },
      prepare: ({ runtime }) => runtime.peers.slice(0, 2).forEach((p) => (p.state.inFlight = 1)),
      expected: 'c d c d',
    },
    { desc: 'a retry that already tried both primaries goes to a backup', tried: ['a', 'b'], expected: 'c d' },
    { desc: 'one primary left → it takes everything, backups idle', primaries: {}, prepare: ({ runtime }) => (runtime.peers[0]!.state.health = 'unhealthy'), expected: 'b b b' },
  ];
  it.each(cases)('$desc', (c) => {
    const ctx = setup({ name: 'p', servers: servers({ ...c.primaries }, { ...c.primaries }, { backup: true }, { backup: true }) });
    c.prepare?.(ctx);
    const tried = new Set((c.tried ?? []).map(addr));
    const picked: string[] = [];
    for (let i = 0; i < c.expected.split(' ').length; i++) {
      const peer = expectPeer(ctx.runtime.pick(context(), tried));
      picked.push(peer.address);
      peer.release('success');
    }
    expect(letters(picked)).toBe(c.expected);
  });

  it('returns to the primaries as soon as one recovers', () => {
    const { runtime } = setup({ name: 'p', servers: servers({}, {}, { backup: true }) });
    runtime.peers[0]!.state.health = 'unhealthy';
    runtime.peers[1]!.state.health = 'unhealthy';
    expect(letters(sequence(runtime, 2))).toBe('c c');
    runtime.peers[1]!.state.health = 'healthy';
    expect(letters(sequence(runtime, 2))).toBe('b b');
  });
});

describe('active health and reloads', () => {
  it('skips unhealthy servers and keeps unknown ones (no verdict yet) in rotation', () => {
    const { runtime } = setup({ name: 'p', servers: servers(1, 1, 1) });
    runtime.peers[1]!.state.health = 'unhealthy';
    runtime.peers[2]!.state.health = 'unknown';
    expect(letters(sequence(runtime, 4))).toBe('a c a c');
  });

  it('keeps failures, health and in-flight counts across a recompile, and forgets removed servers on retain', () => {
    const clock = testClock();
    const { runtime, registry } = setup({ name: 'p', servers: servers({ maxConns: 1 }, {}, {}) }, { clock });
    const held = expectPeer(runtime.pick(context())); // a, held across the reload
    expectPeer(runtime.pick(context(), new Set([addr('a')]))).release('failure'); // b out for 10 s
    const next = compilePool(poolConfig({ name: 'p', servers: servers({ maxConns: 1 }, {}) }), registry, clock);
    registry.retain(next.keys);
    expect([...registry.entries()].map((s) => s.key)).toEqual([`pool-1|${addr('a')}`, `pool-1|${addr('b')}`]);
    expect(next.pick(context())).toEqual({ error: 'all_busy' });
    held.release('success');
    expect(letters(sequence(next, 2))).toBe('a a');
  });

  it('counts nginx tries as the servers not marked down, backups included', () => {
    expect(setup({ name: 'p', servers: servers({}, { down: true }, { backup: true }) }).runtime.tries).toBe(2);
  });
});

describe('the lease', () => {
  it('releases once, records outcome and latency, and tells release listeners', () => {
    const { runtime, registry } = setup({ name: 'p', servers: servers({}, {}) });
    const released: string[] = [];
    registry.onRelease((s) => released.push(s.address));
    const peer = expectPeer(runtime.pick(context()));
    expect(peer).toMatchObject({ address: addr('a'), kind: 'tcp', host: '10.0.0.1', port: 80, socketPath: '', backup: false, key: `pool-1|${addr('a')}` });
    peer.release('failure', 12.5);
    peer.release('success', 99);
    const state = runtime.peers[0]!.state;
    expect(state).toMatchObject({ inFlight: 0, requests: 1, failures: 1, fails: 1, lastLatencyMs: 12.5 });
    expect(released).toEqual([addr('a')]);
  });

  it('describes unix-socket servers', () => {
    const { runtime } = setup({ name: 'p', servers: [{ address: 'unix:/run/app.sock' }] });
    expect(expectPeer(runtime.pick(context()))).toMatchObject({ kind: 'unix', socketPath: '/run/app.sock' });
  });
});
