import { NextResponse } from 'next/server';
import { apiRoute } from '@/app/_lib/api/handler.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';
import { engineRequest } from '@/app/_lib/engine-client.ts';
import { TraceInput } from '@/proxy-engine/admin/trace.ts';

// POST /api/v1/trace – which host and location a request matches, the policies that apply,
// the upstream request exactly as it would be sent, and the server that would be picked
export const POST = apiRoute({ scope: 'read', body: TraceInput }, async ({ body }) => {
  const res = await engineRequest('POST', '/trace', body, 5000);
  if (!res) throw new ApiError('engine_unavailable', 'the engine is not running; start Portico to trace requests');
  const json = await res.json();
  if (!res.ok) throw new ApiError('bad_request', (json as { error?: { message?: string } }).error?.message ?? 'trace failed');
  // Shape the upstream request as ARCHITECTURE.md documents it.
  const action = (json as { action?: { upstreamRequest?: { url: string; headers: [string, string][] } } }).action;
  const upstreamRequest = action?.upstreamRequest ? { url: action.upstreamRequest.url, headers: Object.fromEntries(action.upstreamRequest.headers) } : null;
  return NextResponse.json({ ...json, upstreamRequest }, { headers: { 'cache-control': 'no-store' } });
});
