import { apiRoute } from '@/app/_lib/api/handler.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';
import { engineRequest } from '@/app/_lib/engine-client.ts';

const PARAMS = ['host', 'status', 'path', 'requestId', 'from', 'to', 'limit', 'source'];

// GET /api/v1/logs?host&status&path&requestId&from&to&limit&source=access|error – search the logs, newest first
export const GET = apiRoute({ scope: 'read' }, async ({ req }) => {
  const query = new URLSearchParams();
  for (const name of PARAMS) {
    const value = req.nextUrl.searchParams.get(name);
    if (value) query.set(name, value);
  }
  const res = await engineRequest('GET', `/logs?${query}`, undefined, 10000);
  if (!res?.ok) throw new ApiError('engine_unavailable', 'the engine is not running, so its logs cannot be searched');
  return res.json();
});
