// What GET /metrics on the dashboard port serves: the engine's exposition (its traffic
// counters, its gauges and its Node process metrics, from the control port) followed by
// the dashboard process's own Node metrics, prefixed portico_dashboard_ so no family is
// named twice. A Prometheus server then needs one target and a `metrics`-scoped token.
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { engine } from './engine-client.ts';

interface DashboardRegistry {
  registry: Registry;
  engineUp: Gauge;
}

// One registry per process: Next.js may load this module more than once (per route bundle).
const shared = globalThis as typeof globalThis & { porticoDashboardMetrics?: DashboardRegistry };

function dashboardRegistry(): DashboardRegistry {
  if (shared.porticoDashboardMetrics) return shared.porticoDashboardMetrics;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'portico_dashboard_' });
  const engineUp = new Gauge({ name: 'portico_engine_up', help: 'Whether the engine answered this scrape (1) or not (0; its metrics are missing).', registers: [registry] });
  shared.porticoDashboardMetrics = { registry, engineUp };
  return shared.porticoDashboardMetrics;
}

export async function scrapeMetrics(): Promise<{ contentType: string; text: string }> {
  const { registry, engineUp } = dashboardRegistry();
  const outcome = await engine().call('GET', '/metrics', { timeoutMs: 5000 });
  const engineText = outcome.kind === 'answered' && outcome.res.ok ? await outcome.res.text() : '';
  engineUp.set(engineText ? 1 : 0);
  const own = await registry.metrics();
  return { contentType: registry.contentType, text: `${engineText}${engineText.endsWith('\n') || !engineText ? '' : '\n'}${own}` };
}
