import { apiRoute } from '@/app/_lib/api/handler.ts';
import { callEngine } from '@/app/_lib/api/engine-call.ts';

// GET /api/v1/cache/zones – per cache zone: entries, bytes, hit ratio (from the running engine)
export const GET = apiRoute({ scope: 'read' }, async () => {
  const res = await callEngine('GET', '/cache/zones', { consequence: 'there is no cache to summarise', action: 'summarise its cache zones' });
  return res.json();
});
