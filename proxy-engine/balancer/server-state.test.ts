import { describe, expect, it } from 'vitest';
import { serverKey, ServerStateRegistry, type HealthChangeEvent } from './server-state.ts';
import { newRegistry } from '../../test/helpers/balancer-support.ts';

describe('ServerStateRegistry', () => {
  it('gives the same state for the same pool and address, and separate state per pool', () => {
    const registry = newRegistry();
    const a = registry.get('p1', '10.0.0.1:80');
    a.inFlight = 3;
    expect(registry.get('p1', '10.0.0.1:80')).toBe(a);
    expect(registry.get('p2', '10.0.0.1:80')).not.toBe(a);
    expect(registry.find(serverKey('p1', '10.0.0.1:80'))?.inFlight).toBe(3);
  });

  it('retains only the given keys', () => {
    const registry = newRegistry();
    registry.get('p', 'a:1');
    registry.get('p', 'b:1');
    registry.retain(['p|b:1']);
    expect([...registry.entries()].map((s) => s.key)).toEqual(['p|b:1']);
  });

  const transitions = [
    { desc: 'unknown → unhealthy', source: 'active' as const, steps: ['unhealthy'], events: ['active unknown→unhealthy'] },
    { desc: 'repeated verdicts are not events', source: 'active' as const, steps: ['healthy', 'healthy', 'unhealthy', 'unhealthy'], events: ['active unknown→healthy', 'active healthy→unhealthy'] },
    { desc: 'passive down and up', source: 'passive' as const, steps: ['unhealthy', 'healthy'], events: ['passive healthy→unhealthy', 'passive unhealthy→healthy'] },
  ];
  it.each(transitions)('emits transitions: $desc', ({ source, steps, events }) => {
    const registry = newRegistry();
    const seen: string[] = [];
    registry.onHealthChange((e: HealthChangeEvent) => seen.push(`${e.source} ${e.from}→${e.to}`));
    const state = registry.get('p', 'a:1');
    for (const to of steps) registry.transition(state, source, to as 'healthy' | 'unhealthy', null, 5);
    expect(seen).toEqual(events);
  });

  it('starts slow start on recovery only, and survives a throwing listener', () => {
    const registry = newRegistry();
    const seen: string[] = [];
    registry.onHealthChange(() => {
      throw new Error('broken subscriber');
    });
    const unsubscribe = registry.onHealthChange((e) => seen.push(e.to));
    const state = registry.get('p', 'a:1');
    registry.transition(state, 'active', 'healthy', null, 10);
    expect(state.recoveredAt).toBe(Number.NEGATIVE_INFINITY);
    registry.transition(state, 'active', 'unhealthy', 'HTTP 500', 20);
    registry.transition(state, 'active', 'healthy', null, 30);
    expect(state.recoveredAt).toBe(30);
    unsubscribe();
    registry.transition(state, 'active', 'unhealthy', null, 40);
    expect(seen).toEqual(['healthy', 'unhealthy', 'healthy']);
  });
});
