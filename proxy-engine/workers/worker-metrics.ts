// Per-worker figures on /metrics, beside the merged ones (which already count every worker).
import type { WorkerStatus } from './messages.ts';

export function renderWorkerMetrics(workers: readonly WorkerStatus[]): string {
  const lines = [
    '# HELP portico_workers Data-plane workers of the engine.',
    '# TYPE portico_workers gauge',
    `portico_workers ${workers.length}`,
    '# HELP portico_worker_requests_total Requests a worker finished since the engine started.',
    '# TYPE portico_worker_requests_total counter',
    ...workers.map((w) => `portico_worker_requests_total{worker="${w.id}"} ${w.requests}`),
    '# HELP portico_worker_connections Client connections a worker holds open.',
    '# TYPE portico_worker_connections gauge',
    ...workers.map((w) => `portico_worker_connections{worker="${w.id}"} ${w.connections}`),
    '# HELP portico_worker_restarts_total Times a worker ended and was restarted.',
    '# TYPE portico_worker_restarts_total counter',
    ...workers.map((w) => `portico_worker_restarts_total{worker="${w.id}"} ${w.restarts}`),
  ];
  return `${lines.join('\n')}\n`;
}
