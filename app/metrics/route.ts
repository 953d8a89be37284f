import { apiRoute } from '@/app/_lib/api/handler.ts';
import { scrapeMetrics } from '@/app/_lib/dashboard-metrics.ts';

// GET /metrics – Prometheus exposition of the engine and the dashboard (a token of any scope; `metrics` tokens may do only this)
export const GET = apiRoute({ scope: 'metrics' }, async () => {
  const { contentType, text } = await scrapeMetrics();
  return new Response(text, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
});
