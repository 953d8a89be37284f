import { dashboardReadiness } from '@/app/_lib/health/dashboard-readiness.ts';
import { probeResponse } from '@/app/_lib/health/probe-response.ts';
import { readinessBody } from '@/core/contract/readiness.ts';

// Answered on every request, whoever asks and with whatever Host: an orchestrator probes by address.
export const dynamic = 'force-dynamic';

// GET /readyz – 200 once the engine serves the latest revision, else 503 with the reason (no authentication)
export async function GET(): Promise<Response> {
  const verdict = await dashboardReadiness();
  return probeResponse(verdict.ready ? 200 : 503, readinessBody(verdict));
}
