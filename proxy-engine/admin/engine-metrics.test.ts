// The engine's gauges, read from its state at scrape time, and Node's process metrics.
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { createEngineMetrics, type EngineMetricsSources } from './engine-metrics.ts';

const NOW = Date.parse('2026-12-07T12:00:00Z');

function sources(overrides: Partial<EngineMetricsSources> = {}): EngineMetricsSources {
  return {
    revisions: () => ({ applied: 41, desired: 42, lastAppliedAt: NOW - 1000 }),
    certificates: () => [
      { id: 'c1', names: ['app.example.com', 'www.example.com'], notAfter: '2026-12-17T12:00:00.000Z' },
      { id: 'c2', names: ['old.example.com'], notAfter: '2026-12-07T11:00:00.000Z' },
    ],
    pools: () => [{ name: 'app', servers: [{ address: '10.0.0.1:80', healthy: true }, { address: '10.0.0.2:80', healthy: false }] }],
    cacheZones: () => [{ name: 'assets', entries: 12, bytes: 4096, maxSizeBytes: 1 << 20 }],
    ...overrides,
  };
}

const family = (text: string, name: string) => parsePrometheusTextFormat(text).find((f) => f.name === name);
const samples = (text: string, name: string) => (family(text, name)?.metrics ?? []).map((m) => ({ labels: m.labels ?? {}, value: Number(m.value) }));

describe('engine metrics', () => {
  it('reports revisions, certificate expiry in seconds, server health and cache zone sizes', async () => {
    const text = await createEngineMetrics(sources(), () => NOW).text();
    expect(samples(text, 'portico_config_revision')).toEqual([
      { labels: { state: 'applied' }, value: 41 },
      { labels: { state: 'desired' }, value: 42 },
    ]);
    expect(samples(text, 'portico_config_applied')).toEqual([{ labels: {}, value: 0 }]);
    expect(samples(text, 'portico_certificate_expiry_seconds')).toEqual([
      { labels: { id: 'c1', name: 'app.example.com' }, value: 10 * 86400 },
      { labels: { id: 'c2', name: 'old.example.com' }, value: -3600 },
    ]);
    expect(samples(text, 'portico_upstream_server_healthy')).toEqual([
      { labels: { pool: 'app', server: '10.0.0.1:80' }, value: 1 },
      { labels: { pool: 'app', server: '10.0.0.2:80' }, value: 0 },
    ]);
    expect(samples(text, 'portico_cache_zone_size_bytes')).toEqual([{ labels: { zone: 'assets' }, value: 4096 }]);
    expect(samples(text, 'portico_cache_zone_entries')).toEqual([{ labels: { zone: 'assets' }, value: 12 }]);
  });

  it("includes Node's process metrics: event-loop lag, heap, GC, handles", async () => {
    const text = await createEngineMetrics(sources()).text();
    for (const name of ['nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes', 'nodejs_gc_duration_seconds', 'nodejs_active_handles_total', 'process_cpu_seconds_total']) {
      expect(family(text, name), name).toBeDefined();
    }
  });

  it('forgets what is gone: a removed certificate, pool or zone leaves no stale sample', async () => {
    let certificates = sources().certificates();
    const metrics = createEngineMetrics(sources({ certificates: () => certificates, pools: () => [], cacheZones: () => [] }), () => NOW);
    expect(samples(await metrics.text(), 'portico_certificate_expiry_seconds')).toHaveLength(2);
    certificates = [];
    const text = await metrics.text();
    expect(samples(text, 'portico_certificate_expiry_seconds')).toEqual([]);
    expect(samples(text, 'portico_upstream_server_healthy')).toEqual([]);
  });
});
