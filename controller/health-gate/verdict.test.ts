import { describe, expect, it } from 'vitest';
import { HealthGate } from '../../core/config/settings.ts';
import type { WindowSummary } from '../../core/contract/window-summary.ts';
import { judge } from './verdict.ts';

const gate = HealthGate.parse({ enabled: true, minRequests: 20, max5xxIncreasePercent: 5, latencyFactor: 3 });
const w = (requests: number, status5xx: number, upstreamP99Ms: number | null = null, upstreamRequests = requests): WindowSummary => ({ from: 0, to: 1, seconds: 1, requests, status5xx, upstreamRequests, upstreamP99Ms });

describe('health gate verdict', () => {
  it('waits for enough requests after the change', () => {
    expect(judge(w(100, 0), w(19, 19), gate)).toEqual({ kind: 'undecided', reason: '19 requests since the change, fewer than the 20 needed to judge it' });
  });

  it('rolls back when the 5xx share rises by more than allowed, and says by how much', () => {
    const verdict = judge(w(200, 2), w(40, 20), gate);
    expect(verdict).toEqual({ kind: 'regression', reason: '5xx answers rose from 1.0 % (2 of 200) before the change to 50.0 % (20 of 40) after it, more than the 5.0 % allowed' });
    // Exactly at the allowance is not a regression; a quiet "before" counts as 0 %.
    expect(judge(w(100, 0), w(20, 1), gate).kind).toBe('healthy');
    expect(judge(w(0, 0), w(20, 2), gate)).toMatchObject({ kind: 'regression', reason: expect.stringContaining('from 0 % (no traffic)') });
  });

  it('rolls back on upstream p99 growth beyond the factor and the 100 ms floor only', () => {
    expect(judge(w(100, 0, 50), w(100, 0, 400), gate)).toMatchObject({ kind: 'regression', reason: 'upstream p99 latency rose from 50 ms before the change to 400 ms after it, more than 3× (and 100 ms)' });
    expect(judge(w(100, 0, 5), w(100, 0, 60), gate).kind).toBe('healthy');
    expect(judge(w(100, 0, 50), w(100, 0, 140), gate).kind).toBe('healthy');
    // Not enough upstream traffic on either side, or latency switched off: no latency verdict.
    expect(judge(w(100, 0, 50, 10), w(100, 0, 900), gate).kind).toBe('healthy');
    expect(judge(w(100, 0, 50), w(100, 0, 900), { ...gate, latencyFactor: null }).kind).toBe('healthy');
  });
});
