import { probeResponse } from '@/app/_lib/health/probe-response.ts';

// Answered on every request, whoever asks and with whatever Host: an orchestrator probes by address.
export const dynamic = 'force-dynamic';

// GET /healthz – 200 while the dashboard process serves (no authentication, no configuration)
export function GET(): Response {
  return probeResponse(200, { status: 'ok' });
}
