// The engine's own gauges and the Node process's, with prom-client, beside the traffic
// counters that stats/prometheus.ts renders (their names stay as they are). Each gauge is
// read from the engine's live state at scrape time, so a scrape costs nothing between scrapes.
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';

export interface EngineMetricsSources {
  revisions(): { applied: number; desired: number; lastAppliedAt: number | null };
  /** Served certificates (the self-signed fallback excluded). */
  certificates(): { id: string; names: string[]; notAfter: string }[];
  pools(): { name: string; servers: { address: string; healthy: boolean }[] }[];
  cacheZones(): { name: string; entries: number; bytes: number; maxSizeBytes: number }[];
}

export interface EngineMetrics {
  contentType: string;
  text(): Promise<string>;
}

export function createEngineMetrics(sources: EngineMetricsSources, now: () => number = Date.now): EngineMetrics {
  const registry = new Registry();
  // Event-loop lag, heap, GC, handles, CPU, memory, open file descriptors: prom-client's standard names.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });

  new Gauge({
    name: 'portico_config_revision',
    help: 'Configuration revision: the one the engine serves (state="applied") and the latest in the database (state="desired").',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const r = sources.revisions();
      this.set({ state: 'applied' }, r.applied);
      this.set({ state: 'desired' }, r.desired);
    },
  });
  new Gauge({
    name: 'portico_config_applied',
    help: '1 when the engine serves the latest revision, else 0.',
    registers: [registry],
    collect() {
      const r = sources.revisions();
      this.set(r.applied >= r.desired ? 1 : 0);
    },
  });
  new Gauge({
    name: 'portico_certificate_expiry_seconds',
    help: 'Seconds until each served certificate expires (negative once expired).',
    labelNames: ['id', 'name'],
    registers: [registry],
    collect() {
      this.reset();
      for (const c of sources.certificates()) this.set({ id: c.id, name: c.names[0] ?? '' }, Math.round((Date.parse(c.notAfter) - now()) / 1000));
    },
  });
  new Gauge({
    name: 'portico_upstream_server_healthy',
    help: '1 when the pool server is healthy (passive and active checks), else 0.',
    labelNames: ['pool', 'server'],
    registers: [registry],
    collect() {
      this.reset();
      for (const p of sources.pools()) for (const s of p.servers) this.set({ pool: p.name, server: s.address }, s.healthy ? 1 : 0);
    },
  });
  const zoneGauge = (name: string, help: string, read: (z: ReturnType<EngineMetricsSources['cacheZones']>[number]) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['zone'],
      registers: [registry],
      collect() {
        this.reset();
        for (const z of sources.cacheZones()) this.set({ zone: z.name }, read(z));
      },
    });
  zoneGauge('portico_cache_zone_size_bytes', 'Bytes stored in the cache zone.', (z) => z.bytes);
  zoneGauge('portico_cache_zone_max_size_bytes', "The cache zone's max_size.", (z) => z.maxSizeBytes);
  zoneGauge('portico_cache_zone_entries', 'Entries in the cache zone.', (z) => z.entries);

  return { contentType: registry.contentType, text: () => registry.metrics() };
}
