import { apiRoute } from '@/app/_lib/api/handler.ts';
import { ApiError, validationError } from '@/app/_lib/api/errors.ts';
import { engineRequest } from '@/app/_lib/engine-client.ts';

const PARAMS = ['host', 'status', 'path', 'requestId', 'from', 'to', 'limit', 'source'];

// GET /api/v1/logs?host&status&path&requestId&from&to&limit&source=access|error – search the logs, newest first
export const GET = apiRoute({ scope: 'read' }, async ({ req }) => {
  const query = new URLSearchParams();
  for (const name of PARAMS) {
    const value = req.nextUrl.searchParams.get(name);
    if (value) query.set(name, value);
  }
  // Filters that cannot match anything are mistakes, not empty results.
  const problems: { path: string; message: string }[] = [];
  const status = query.get('status');
  if (status !== null && !/^[1-5](\d\d|xx)$/i.test(status)) problems.push({ path: 'status', message: 'a status (404) or a class (5xx)' });
  for (const name of ['from', 'to']) {
    const value = query.get(name);
    if (value !== null && Number.isNaN(Date.parse(value))) problems.push({ path: name, message: 'an ISO 8601 date' });
  }
  const limit = query.get('limit');
  if (limit !== null && !(/^\d+$/.test(limit) && Number(limit) >= 1 && Number(limit) <= 1000)) problems.push({ path: 'limit', message: 'a whole number from 1 to 1000' });
  const source = query.get('source');
  if (source !== null && source !== 'access' && source !== 'error') problems.push({ path: 'source', message: 'access or error' });
  if (problems.length > 0) throw validationError(problems);
  const res = await engineRequest('GET', `/logs?${query}`, undefined, 10000);
  if (!res?.ok) throw new ApiError('engine_unavailable', 'the engine is not running, so its logs cannot be searched');
  return res.json();
});
