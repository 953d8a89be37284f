import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { StatsAggregator } from './aggregator.ts';
import { StatsCollector } from './collector.ts';
import { escapeLabelValue, renderMetrics } from './prometheus.ts';

const AWKWARD = 'we"ird\\host\nname';

function setup() {
  const collector = new StatsCollector();
  const aggregator = new StatsAggregator({ collector, now: () => Date.UTC(2026, 0, 1) });
  const a = collector.host('a.example');
  for (let i = 0; i < 90; i++) a.response(200, 100, 1000, 20);
  for (let i = 0; i < 10; i++) a.response(503, 100, 50, 200);
  a.cacheStatus('HIT');
  a.active = 3;
  collector.host(AWKWARD).response(404, 1, 1, 1);
  collector.location('loc-1', 'a.example').response(200, 1, 1, 5);
  const up = collector.upstream('10.0.0.5:8080');
  up.attempt(200, 1, 15, 19, 100, 1000);
  up.wentDown++;
  return { collector, aggregator, a };
}

// One sample line of the text format: name, optional labels with escaped values, a value.
const SAMPLE = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\["\\n])*"(,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\["\\n])*")*\})? (-?[0-9.e+-]+|\+Inf|-Inf|NaN)$/;

describe('renderMetrics', () => {
  it('parses as Prometheus text, with labels escaped and read back intact', () => {
    const { collector } = setup();
    const text = renderMetrics(collector);
    const families = parsePrometheusTextFormat(text);
    const byName = new Map(families.map((f) => [f.name, f]));
    expect(byName.get('portico_requests_total')?.type).toBe('COUNTER');
    const requests = byName.get('portico_requests_total')!.metrics.map((m) => [m.labels?.host, m.labels?.code, m.value]);
    expect(requests).toEqual([
      ['a.example', '200', '90'],
      ['a.example', '503', '10'],
      [AWKWARD, '404', '1'],
    ]);
    expect(byName.get('portico_active_requests')!.metrics[0]).toEqual({ labels: { host: 'a.example' }, value: '3' });
    expect(byName.get('portico_cache_total')!.metrics.find((m) => m.labels?.status === 'hit' && m.labels.host === 'a.example')?.value).toBe('1');
    expect(byName.get('portico_upstream_health_changes_total')!.metrics).toContainEqual({ labels: { server: '10.0.0.5:8080', to: 'down' }, value: '1' });
    expect(byName.get('portico_request_duration_seconds')?.type).toBe('HISTOGRAM');
    // Every line is a comment or a well-formed sample, and each family is in one block.
    const lines = text.trimEnd().split('\n');
    for (const line of lines) if (!line.startsWith('# ')) expect(line).toMatch(SAMPLE);
    const typed = lines.filter((l) => l.startsWith('# TYPE ')).map((l) => l.split(' ')[2]);
    expect(new Set(typed).size).toBe(typed.length);
  });

  it('exposes latency histograms in seconds: cumulative buckets, _sum and _count', () => {
    const { collector } = setup();
    const lines = renderMetrics(collector).split('\n');
    const series = (prefix: string): Map<string, number> =>
      new Map(lines.filter((l) => l.startsWith(prefix)).map((l) => [l.slice(0, l.lastIndexOf(' ')), Number(l.slice(l.lastIndexOf(' ') + 1))]));
    const host = series('portico_request_duration_seconds_bucket{host="a.example"');
    expect(host.get('portico_request_duration_seconds_bucket{host="a.example",le="0.01"}')).toBe(0);
    expect(host.get('portico_request_duration_seconds_bucket{host="a.example",le="0.025"}')).toBe(90);
    expect(host.get('portico_request_duration_seconds_bucket{host="a.example",le="0.1"}')).toBe(90);
    expect(host.get('portico_request_duration_seconds_bucket{host="a.example",le="0.25"}')).toBe(100);
    expect(host.get('portico_request_duration_seconds_bucket{host="a.example",le="+Inf"}')).toBe(100);
    const values = [...host.values()];
    expect(values).toEqual([...values].sort((x, y) => x - y));
    expect(series('portico_request_duration_seconds_sum{host="a.example"}').values().next().value).toBeCloseTo(3.8, 9);
    expect(series('portico_request_duration_seconds_count{host="a.example"}').values().next().value).toBe(100);
    expect(series('portico_upstream_first_byte_seconds_count{server="10.0.0.5:8080"}').values().next().value).toBe(1);
  });

  it('counts the same before and after the second is flushed', () => {
    const { collector, aggregator } = setup();
    const before = renderMetrics(collector);
    aggregator.tick();
    expect(renderMetrics(collector)).toBe(before);
  });
});

describe('escapeLabelValue', () => {
  const cases: { desc: string; config: string; expected: string }[] = [
    { desc: 'plain', config: 'example.com', expected: 'example.com' },
    { desc: 'double quote', config: 'a"b', expected: 'a\\"b' },
    { desc: 'backslash', config: 'a\\b', expected: 'a\\\\b' },
    { desc: 'newline', config: 'a\nb', expected: 'a\\nb' },
    { desc: 'unicode kept', config: 'bücher.example', expected: 'bücher.example' },
  ];
  it.each(cases)('$desc', ({ config, expected }) => expect(escapeLabelValue(config)).toBe(expected));
});
