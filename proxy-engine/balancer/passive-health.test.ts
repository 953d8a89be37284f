// max_fails / fail_timeout as nginx 1.22 applies them, on an injectable clock. Server a
// is probed with b already tried, so every step sees a alone: "blocked" means no server.
import { describe, expect, it } from 'vitest';
import type { Peer } from './types.ts';
import { context, expectPeer, letters, sequence, servers, setup } from '../../test/helpers/balancer-support.ts';

type Step = [atMs: number, action: 'ok' | 'fail' | 'blocked' | 'hold' | 'release-ok' | 'release-fail'];

const cases: Array<{ desc: string; maxFails: number; steps: Step[] }> = [
  {
    desc: 'max_fails=1: out for fail_timeout, then one trial request, whose success restores the server',
    maxFails: 1,
    steps: [[0, 'fail'], [1, 'blocked'], [10_000, 'blocked'], [10_001, 'hold'], [10_001, 'blocked'], [10_500, 'release-ok'], [10_501, 'ok'], [10_502, 'ok']],
  },
  {
    desc: 'a failed trial starts a new fail_timeout',
    maxFails: 1,
    steps: [[0, 'fail'], [10_001, 'fail'], [15_000, 'blocked'], [20_001, 'blocked'], [20_002, 'ok'], [20_003, 'ok']],
  },
  {
    desc: 'max_fails=3: two failures keep the server in, the third takes it out',
    maxFails: 3,
    steps: [[0, 'fail'], [1_000, 'fail'], [1_001, 'ok'], [2_000, 'fail'], [2_001, 'blocked'], [12_000, 'blocked'], [12_001, 'ok']],
  },
  {
    desc: 'successes inside the window do not forgive earlier failures',
    maxFails: 3,
    steps: [[0, 'fail'], [100, 'ok'], [200, 'fail'], [300, 'ok'], [400, 'fail'], [500, 'blocked']],
  },
  {
    desc: 'a success after the window forgives (the pick moved `checked` past the last failure)',
    maxFails: 3,
    steps: [[0, 'fail'], [1_000, 'fail'], [11_001, 'ok'], [11_002, 'fail'], [11_003, 'fail'], [11_004, 'ok']],
  },
  {
    desc: 'failures spread over several windows still add up when no success comes between',
    maxFails: 3,
    steps: [[0, 'fail'], [20_000, 'fail'], [40_000, 'fail'], [40_001, 'blocked']],
  },
  {
    desc: 'max_fails=0 never takes the server out',
    maxFails: 0,
    steps: [[0, 'fail'], [1, 'fail'], [2, 'fail'], [3, 'fail'], [4, 'ok']],
  },
  {
    desc: 'a failure of a request that started before the window closed still counts',
    maxFails: 1,
    steps: [[0, 'hold'], [5, 'release-fail'], [6, 'blocked'], [10_006, 'ok']],
  },
];

describe('passive health (max_fails / fail_timeout)', () => {
  it.each(cases)('$desc', ({ maxFails, steps }) => {
    const { runtime, clock } = setup({ name: 'p', servers: [{ address: 'a:80', maxFails, failTimeoutMs: 10_000 }, { address: 'b:80' }] });
    const start = clock();
    const onlyA = new Set(['b:80']);
    let held: Peer | null = null;
    const log: string[] = [];
    for (const [at, action] of steps) {
      clock.set(start + at);
      if (action === 'release-ok' || action === 'release-fail') {
        held!.release(action === 'release-ok' ? 'success' : 'failure');
        held = null;
        continue;
      }
      const result = runtime.pick(context(), onlyA);
      const got = 'error' in result ? 'blocked' : 'a';
      log.push(`${at}:${got}`);
      if ('error' in result) continue;
      if (action === 'hold') held = result;
      else result.release(action === 'fail' ? 'failure' : 'success');
    }
    const expected = steps.filter(([, a]) => !a.startsWith('release')).map(([at, a]) => `${at}:${a === 'blocked' ? 'blocked' : 'a'}`);
    expect(log).toEqual(expected);
  });

  it('never takes the only server of a pool out, whatever fails (nginx ignores max_fails for it)', () => {
    const { runtime } = setup({ name: 'p', servers: [{ address: 'a:80', maxFails: 1 }] });
    for (let i = 0; i < 100; i++) expectPeer(runtime.pick(context())).release('failure');
    expect(runtime.peers[0]!.state.fails).toBe(0);
    expect(runtime.peers[0]!.state.failures).toBe(100);
    expect(expectPeer(runtime.pick(context())).address).toBe('a:80');
  });

  it('answers "no live upstreams" when every server is out, without reviving them (nginx ≥ 1.11.5)', () => {
    const { runtime, clock } = setup({ name: 'p', servers: servers({}, {}) });
    expectPeer(runtime.pick(context())).release('failure');
    expectPeer(runtime.pick(context())).release('failure');
    expect(runtime.pick(context())).toEqual({ error: 'no_live_upstreams' });
    clock.advance(10_001);
    expect(letters(sequence(runtime, 4)).split(' ').sort()).toEqual(['a', 'b', 'b', 'b']);
  });

  it('lowers the failed server\'s round-robin weight by weight/max_fails, recovering one step per pick', () => {
    const { runtime } = setup({ name: 'p', servers: servers({ weight: 4, maxFails: 2 }, { weight: 4 }) });
    const [a] = runtime.peers;
    expectPeer(runtime.pick(context(), new Set(['10.0.0.2:80']))).release('failure');
    expect(a!.effectiveWeight).toBe(2);
    sequence(runtime, 2);
    expect(a!.effectiveWeight).toBe(4);
  });

  it('reports the server going out and coming back', () => {
    const { runtime, registry, clock } = setup({ name: 'p', servers: servers({ maxFails: 2 }, {}) });
    const events: string[] = [];
    registry.onHealthChange((e) => events.push(`${e.source}:${e.address}:${e.to}:${e.reason}`));
    const onlyA = new Set(['10.0.0.2:80']);
    expectPeer(runtime.pick(context(), onlyA)).release('failure');
    expect(events).toEqual([]);
    expectPeer(runtime.pick(context(), onlyA)).release('failure');
    clock.advance(10_001);
    expectPeer(runtime.pick(context(), onlyA)).release('success');
    expect(events).toEqual([
      'passive:10.0.0.1:80:unhealthy:2 failed attempts (max_fails=2)',
      'passive:10.0.0.1:80:healthy:a request succeeded after fail_timeout',
    ]);
  });
});
