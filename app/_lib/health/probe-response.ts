// The answer of the dashboard's health probes: JSON, never cached, the static security
// headers from next.config.ts apply as to every response.
export function probeResponse(status: number, body: unknown): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}
