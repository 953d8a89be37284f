// GET /healthz and /readyz on the control port, without the token: an orchestrator's
// probes for an instance run without a dashboard. /healthz answers while the process
// serves; /readyz once the engine serves the latest revision (core/contract/readiness.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readiness, readinessBody, type ReadinessInput } from '../../core/contract/readiness.ts';
import type { ControlRoutes } from './control-api.ts';

function answer(req: IncomingMessage, res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : body);
}

export function healthRoutes(status: () => ReadinessInput): ControlRoutes {
  const healthz = (req: IncomingMessage, res: ServerResponse) => answer(req, res, 200, { status: 'ok' });
  const readyz = (req: IncomingMessage, res: ServerResponse) => {
    const verdict = readiness(status());
    answer(req, res, verdict.ready ? 200 : 503, readinessBody(verdict));
  };
  return { 'GET /healthz': healthz, 'HEAD /healthz': healthz, 'GET /readyz': readyz, 'HEAD /readyz': readyz };
}
