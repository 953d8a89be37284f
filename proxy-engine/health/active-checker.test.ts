// Integration: real upstreams on ephemeral ports, real timers at 50-100 ms intervals.
import { afterEach, describe, expect, it } from 'vitest';
import { compilePool } from '../balancer/pool-runtime.ts';
import { ServerStateRegistry, type HealthChangeEvent } from '../balancer/server-state.ts';
import { context, poolConfig } from '../../test/helpers/balancer-support.ts';
import { isPickError } from '../balancer/types.ts';
import type { PoolInput } from '../../core/config/pool.ts';
import { ActiveHealthChecker, type CheckedPool } from './active-checker.ts';
import { startUpstream, type TestUpstream } from '../../test/helpers/health-upstreams.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function upstreams(count: number): Promise<TestUpstream[]> {
  const list = await Promise.all(Array.from({ length: count }, () => startUpstream()));
  cleanups.push(() => Promise.all(list.map((u) => u.close())).then(() => undefined));
  return list;
}

function checker(registry: ServerStateRegistry): ActiveHealthChecker {
  const instance = new ActiveHealthChecker(registry);
  cleanups.push(() => instance.stop());
  return instance;
}

function pool(list: TestUpstream[], healthCheck: PoolInput['healthCheck'], id = 'pool-1'): CheckedPool {
  return poolConfig({ name: 'p', healthCheck, servers: list.map((u) => ({ address: u.address })) }, id);
}

/** Resolves with the first health event matching `predicate`, or rejects after `ms`. */
function nextEvent(registry: ServerStateRegistry, predicate: (e: HealthChangeEvent) => boolean, ms = 3000): Promise<HealthChangeEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('no matching health event'));
    }, ms);
    const off = registry.onHealthChange((e) => {
      if (!predicate(e)) return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('active health checker', () => {
  it('marks a server that starts answering 500 unhealthy after `fall` checks, before any client request, and restores it after `rise`', async () => {
    const [a, b] = await upstreams(2);
    const registry = new ServerStateRegistry();
    const config = pool([a!, b!], { intervalMs: 100, timeoutMs: 500, rise: 2, fall: 3 });
    const runtime = compilePool(config, registry);
    const healthy = nextEvent(registry, (e) => e.address === a!.address && e.to === 'healthy');
    checker(registry).start([config]);
    expect(registry.get('pool-1', a!.address).health).toBe('unknown'); // no verdict yet: still takes traffic
    await healthy; // rise=2 passes

    a!.answer = { status: 500, body: 'broken' };
    const hitsBefore = a!.hits;
    const down = await nextEvent(registry, (e) => e.address === a!.address && e.to === 'unhealthy');
    expect(a!.hits - hitsBefore).toBe(3);
    expect(down).toMatchObject({ source: 'active', reason: 'HTTP 500 (expected 200-399)' });
    for (let i = 0; i < 4; i++) {
      const peer = runtime.pick(context());
      if (isPickError(peer)) throw new Error(peer.error);
      expect(peer.address).toBe(b!.address);
      peer.release('success');
    }

    a!.answer = { status: 200, body: 'ok' };
    const hitsAtRecovery = a!.hits;
    const up = await nextEvent(registry, (e) => e.address === a!.address && e.to === 'healthy');
    expect(a!.hits - hitsAtRecovery).toBeLessThanOrEqual(3); // rise=2, plus one check possibly in flight at the switch
    expect(registry.get('pool-1', a!.address).recoveredAt).toBe(up.at);
  });

  it('fails a check whose body does not match', async () => {
    const [a] = await upstreams(1);
    a!.answer = { status: 200, body: '{"db":"down"}' };
    const registry = new ServerStateRegistry();
    checker(registry).start([pool([a!], { intervalMs: 100, fall: 2, bodyMatch: '"db":"up"' })]);
    const event = await nextEvent(registry, (e) => e.to === 'unhealthy');
    expect(event.reason).toMatch(/body does not match/);
  });

  it('fails a check that times out, and never runs two checks of one server at once', async () => {
    const [a] = await upstreams(1);
    a!.answer = { status: 200, body: '', hang: true };
    const registry = new ServerStateRegistry();
    checker(registry).start([pool([a!], { intervalMs: 100, timeoutMs: 120, fall: 2 })]);
    const event = await nextEvent(registry, (e) => e.to === 'unhealthy');
    expect(event.reason).toBe('timed out after 120 ms');
    expect(a!.hits).toBe(2);
  });

  it('keeps loops and verdicts of unchanged servers across updates, applies changes, and clears verdicts of unchecked pools', async () => {
    const [a, b] = await upstreams(2);
    a!.answer = { status: 503, body: '' };
    const registry = new ServerStateRegistry();
    const instance = checker(registry);
    const check = { intervalMs: 300, fall: 1, rise: 1 };
    instance.start([pool([a!, b!], check)]);
    await nextEvent(registry, (e) => e.address === a!.address && e.to === 'unhealthy');
    await sleep(20);
    const hits = [a!.hits, b!.hits];

    instance.update([pool([a!, b!], check)]); // the same configuration, recompiled
    await sleep(100);
    expect([a!.hits, b!.hits]).toEqual(hits); // no extra check: the loops kept their schedule
    expect(registry.get('pool-1', a!.address).health).toBe('unhealthy');

    instance.update([pool([a!, b!], { ...check, path: '/ready' })]); // changed: checked again at once
    await sleep(100);
    expect(a!.requests.at(-1)?.url).toBe('/ready');
    expect(registry.get('pool-1', a!.address).health).toBe('unhealthy');

    const cleared = nextEvent(registry, (e) => e.address === a!.address && e.to === 'unknown');
    instance.update([pool([a!, b!], null)]); // checks removed: the old verdict must not keep a out
    expect((await cleared).reason).toBe('health check removed');
  });

  it('stops every loop and cancels checks in flight', async () => {
    const [a] = await upstreams(1);
    a!.answer = { status: 200, body: '', hang: true };
    const registry = new ServerStateRegistry();
    const instance = new ActiveHealthChecker(registry);
    instance.start([pool([a!], { intervalMs: 100, timeoutMs: 5000 })]);
    // The first check is in flight (the server holds it); a busy machine may take a while to send it.
    for (let waited = 0; a!.hits === 0 && waited < 5000; waited += 10) await sleep(10);
    expect(a!.hits).toBe(1);
    await instance.stop();
    await sleep(120);
    expect(a!.hits).toBe(1);
    expect(registry.get('pool-1', a!.address).lastCheckAt).toBeNull(); // the cancelled check left no verdict
  });

  it('does not check servers marked down', async () => {
    const [a, b] = await upstreams(2);
    const registry = new ServerStateRegistry();
    const config = poolConfig({
      name: 'p',
      healthCheck: { intervalMs: 100 },
      servers: [{ address: a!.address, down: true }, { address: b!.address }],
    });
    checker(registry).start([config]);
    await sleep(120);
    expect(a!.hits).toBe(0);
    expect(b!.hits).toBeGreaterThan(0);
  });
});
