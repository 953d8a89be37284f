import { describe, expect, it } from 'vitest';
import { StreamSeconds } from './stream-seconds.ts';
import { StatsAggregator } from './aggregator.ts';
import { StatsCollector } from './collector.ts';
import type { StatsSnapshot } from '../../core/contract/stats.ts';
import type { StreamStatus } from '../../core/contract/streams.ts';

function status(over: Partial<StreamStatus> = {}): StreamStatus {
  return {
    id: 's1', name: 'pg', protocol: 'tcp', listenPort: 5432, entrypoint: null, listening: true, error: null,
    active: 0, sessions: 0, accepted: 0, denied: 0, limited: 0, upstreamFailed: 0, bytesIn: 0, bytesOut: 0,
    meanDurationMs: null, closed: 0, durationMsTotal: 0, ...over,
  };
}

describe('StreamSeconds', () => {
  const cases: { desc: string; seconds: Partial<StreamStatus>[][]; expected: (Record<string, unknown> | undefined)[] }[] = [
    {
      desc: 'a second is what the totals grew by',
      seconds: [[{ accepted: 2, active: 2, bytesIn: 100, bytesOut: 1000 }], [{ accepted: 3, active: 1, closed: 2, durationMsTotal: 300, bytesIn: 150, bytesOut: 4000 }]],
      expected: [
        { opened: 2, closed: 0, active: 2, bytesIn: 100, bytesOut: 1000, meanDurationMs: null },
        { opened: 1, closed: 2, active: 1, bytesIn: 50, bytesOut: 3000, meanDurationMs: 150 },
      ],
    },
    {
      desc: 'an idle stream with nothing open is left out',
      seconds: [[{ accepted: 1, closed: 1, durationMsTotal: 10 }], [{ accepted: 1, closed: 1, durationMsTotal: 10 }]],
      expected: [{ opened: 1, closed: 1, meanDurationMs: 10 }, undefined],
    },
    {
      desc: 'an open connection that moves nothing keeps the stream in the snapshot',
      seconds: [[{ accepted: 1, active: 1 }], [{ accepted: 1, active: 1 }]],
      expected: [{ opened: 1, active: 1 }, { opened: 0, active: 1, bytesIn: 0 }],
    },
    {
      desc: 'a dip of the totals (a removed listener stops reporting live bytes) counts nothing twice',
      seconds: [[{ accepted: 1, active: 1, bytesIn: 100 }], [{ accepted: 1, active: 1, bytesIn: 40 }], [{ accepted: 1, closed: 1, durationMsTotal: 5, bytesIn: 130 }]],
      expected: [{ bytesIn: 100 }, { bytesIn: 0 }, { bytesIn: 30, closed: 1 }],
    },
    {
      desc: 'refusals are counted by reason',
      seconds: [[{ denied: 2, limited: 1, upstreamFailed: 4 }]],
      expected: [{ opened: 0, denied: 2, limited: 1, upstreamFailed: 4 }],
    },
    {
      desc: 'a UDP stream reports its open sessions as active',
      seconds: [[{ protocol: 'udp', accepted: 1, sessions: 1, bytesIn: 30 }]],
      expected: [{ protocol: 'udp', opened: 1, active: 1, bytesIn: 30 }],
    },
  ];
  it.each(cases)('$desc', ({ seconds, expected }) => {
    const tracker = new StreamSeconds();
    seconds.forEach((second, i) => {
      const out = tracker.take(second.map((s) => status(s)));
      if (expected[i] === undefined) expect(out).toEqual({});
      else expect(out.pg).toMatchObject(expected[i]!);
    });
  });

  it('forgets a removed stream: one with the same name later starts from zero', () => {
    const tracker = new StreamSeconds();
    tracker.take([status({ accepted: 5, bytesIn: 500, closed: 5 })]);
    tracker.take([]);
    expect(tracker.take([status({ id: 's2', accepted: 1, bytesIn: 10, closed: 1 })]).pg).toMatchObject({ opened: 1, bytesIn: 10 });
  });
});

describe('the aggregator with streams', () => {
  it('adds a streams part to the snapshot only when a stream did something', () => {
    let now = Date.UTC(2026, 0, 1, 12, 0, 0, 200);
    let totals: StreamStatus[] = [status()];
    const aggregator = new StatsAggregator({ collector: new StatsCollector(), now: () => now, streams: () => totals });
    const second = (): StatsSnapshot => {
      now += 1000;
      return JSON.parse(aggregator.tick().json) as StatsSnapshot;
    };
    expect(second().streams).toBeUndefined();
    totals = [status({ accepted: 1, active: 1, bytesIn: 64, bytesOut: 128 })];
    expect(second().streams).toEqual({ pg: { protocol: 'tcp', opened: 1, closed: 0, denied: 0, limited: 0, upstreamFailed: 0, active: 1, bytesIn: 64, bytesOut: 128, meanDurationMs: null } });
    // The HTTP part is as it was: no host, an idle total.
    const third = second();
    expect(third.hosts).toEqual({});
    expect(third.total.requests).toBe(0);
  });
});

describe('a failing stream source', () => {
  it('costs the streams part of that second only', () => {
    let now = Date.UTC(2026, 0, 1, 12, 0, 0, 200);
    const collector = new StatsCollector();
    const aggregator = new StatsAggregator({ collector, now: () => now, streams: () => { throw new Error('boom'); } });
    collector.host('a.example').response(200, 1, 1, 1);
    now += 1000;
    const snapshot = JSON.parse(aggregator.tick().json) as StatsSnapshot;
    expect(snapshot.hosts['a.example']?.requests).toBe(1);
    expect(snapshot.streams).toBeUndefined();
  });
});
