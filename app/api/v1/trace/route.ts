import { NextResponse } from 'next/server';
import { apiRoute } from '@/app/_lib/api/handler.ts';
import { callEngine } from '@/app/_lib/api/engine-call.ts';
import { TraceInput } from '@/core/contract/trace.ts';

// POST /api/v1/trace – which host and location a request matches, the policies that apply,
// the upstream request exactly as it would be sent, and the server that would be picked
export const POST = apiRoute({ scope: 'read', body: TraceInput }, async ({ body }) => {
  const res = await callEngine('POST', '/trace', { consequence: 'requests cannot be traced; start Portico to trace them', action: 'trace the request' }, { body, timeoutMs: 5000 });
  const json = await res.json();
  // Shape the upstream request as ARCHITECTURE.md documents it.
  const action = (json as { action?: { upstreamRequest?: { url: string; headers: [string, string][] } } }).action;
  const upstreamRequest = action?.upstreamRequest ? { url: action.upstreamRequest.url, headers: Object.fromEntries(action.upstreamRequest.headers) } : null;
  return NextResponse.json({ ...json, upstreamRequest }, { headers: { 'cache-control': 'no-store' } });
});
