import { describe, expect, it } from 'vitest';
import { StatsAggregator } from './aggregator.ts';
import { StatsCollector } from './collector.ts';
import { EventQueue, MAX_PER_SECOND } from './events.ts';
import { CertificateEventInput } from '../../core/contract/stats.ts';
import type { StatsSnapshot } from '../../core/contract/stats.ts';

const down = { kind: 'server.down' as const, poolId: 'p1', address: '10.0.0.5:80', source: 'passive' as const, reason: '1 failed attempts (max_fails=1)' };

describe('events in the stats stream', () => {
  it('carries each event in the next snapshot only, with its time', () => {
    let now = Date.UTC(2026, 0, 1, 12, 0, 0, 300);
    const events = new EventQueue(() => now);
    const aggregator = new StatsAggregator({ collector: new StatsCollector(), events, now: () => now });
    events.push(down);
    now += 1000;
    const first = JSON.parse(aggregator.tick().json) as StatsSnapshot;
    expect(first.events).toEqual([{ ...down, at: Date.UTC(2026, 0, 1, 12, 0, 0, 300) }]);
    expect(first.eventsDropped).toBeUndefined();
    now += 1000;
    const second = JSON.parse(aggregator.tick().json) as StatsSnapshot;
    expect('events' in second).toBe(false);
  });

  it('keeps at most MAX_PER_SECOND between ticks and counts the rest', () => {
    const events = new EventQueue();
    for (let i = 0; i < MAX_PER_SECOND + 7; i++) events.push({ ...down, address: `10.0.0.${i % 250}:80` });
    const taken = events.take();
    expect(taken.events).toHaveLength(MAX_PER_SECOND);
    expect(taken.dropped).toBe(7);
    expect(events.take()).toEqual({ events: [], dropped: 0 });
  });

  it('validates what the dashboard reports, naming the field', () => {
    const ok = CertificateEventInput.safeParse({ kind: 'certificate.renewed', certificateId: 'c1', names: ['a.test'], message: 'Renewed', notAfter: '2027-01-01T00:00:00.000Z' });
    expect(ok.success && ok.data).toEqual({ kind: 'certificate.renewed', certificateId: 'c1', names: ['a.test'], message: 'Renewed', notAfter: '2027-01-01T00:00:00.000Z', nextAttemptAt: null });
    const bad = CertificateEventInput.safeParse({ kind: 'certificate.eaten', certificateId: 'c1', names: [], message: 'x', extra: 1 });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.') || i.code).sort()).toEqual(['kind', 'names', 'unrecognized_keys'].sort());
  });
});
