import { describe, expect, it } from 'vitest';
import { ServerStateRegistry } from '../balancer/server-state.ts';
import { applyCheckResult, clearVerdict } from './rise-fall.ts';

describe('rise / fall', () => {
  const cases = [
    { desc: 'fall=3: two failures are not enough', rise: 2, fall: 3, results: '--', verdicts: 'unknown unknown' },
    { desc: 'fall=3: the third consecutive failure marks unhealthy', rise: 2, fall: 3, results: '---', verdicts: 'unknown unknown unhealthy' },
    { desc: 'a pass in between restarts the count', rise: 2, fall: 3, results: '--+--', verdicts: 'unknown unknown unknown unknown unknown' },
    { desc: 'rise=2: one pass does not restore', rise: 2, fall: 1, results: '-+', verdicts: 'unhealthy unhealthy' },
    { desc: 'rise=2: two consecutive passes restore', rise: 2, fall: 1, results: '-++', verdicts: 'unhealthy unhealthy healthy' },
    { desc: 'flapping never restores', rise: 2, fall: 1, results: '-+-+-+', verdicts: 'unhealthy unhealthy unhealthy unhealthy unhealthy unhealthy' },
    { desc: 'rise=1, fall=1 follows every result', rise: 1, fall: 1, results: '+-+', verdicts: 'healthy unhealthy healthy' },
  ];
  it.each(cases)('$desc', ({ rise, fall, results, verdicts }) => {
    const registry = new ServerStateRegistry();
    const state = registry.get('p', 'a:80');
    const trail = [...results].map((r, i) => {
      const ok = r === '+';
      applyCheckResult(registry, state, { ok, status: ok ? 200 : 500, latencyMs: 3, error: ok ? null : 'HTTP 500' }, { rise, fall }, 1000 + i);
      return state.health;
    });
    expect(trail.join(' ')).toBe(verdicts);
    expect(state).toMatchObject({ lastCheckAt: 1000 + results.length - 1, lastCheckLatencyMs: 3 });
  });

  it('records the failure reason, starts slow start on recovery, and can drop the verdict', () => {
    const registry = new ServerStateRegistry();
    const events: string[] = [];
    registry.onHealthChange((e) => events.push(`${e.from}→${e.to} (${e.reason})`));
    const state = registry.get('p', 'a:80');
    applyCheckResult(registry, state, { ok: false, status: null, latencyMs: 1, error: 'timed out after 50 ms' }, { rise: 1, fall: 1 }, 10);
    expect(state).toMatchObject({ health: 'unhealthy', lastCheckError: 'timed out after 50 ms', lastCheckStatus: null });
    applyCheckResult(registry, state, { ok: true, status: 204, latencyMs: 1, error: null }, { rise: 1, fall: 1 }, 20);
    expect(state.recoveredAt).toBe(20);
    clearVerdict(registry, state, 'health check removed', 30);
    expect(events).toEqual(['unknown→unhealthy (timed out after 50 ms)', 'unhealthy→healthy (1 passed checks)', 'healthy→unknown (health check removed)']);
  });
});
