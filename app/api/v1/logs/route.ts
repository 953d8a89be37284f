import { apiRoute } from '@/app/_lib/api/handler.ts';
import { validationError } from '@/app/_lib/api/errors.ts';
import { callEngine } from '@/app/_lib/api/engine-call.ts';

const PARAMS = ['host', 'status', 'path', 'requestId', 'from', 'to', 'limit', 'source', 'cursor'];

// GET /api/v1/logs?host&status&path&requestId&from&to&limit&source=access|error&cursor – search the logs, newest first; `next` continues
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
  const cursor = query.get('cursor');
  if (cursor !== null && !/^[\w-]{1,80}$/.test(cursor)) problems.push({ path: 'cursor', message: 'the "next" value of a previous page' });
  if (problems.length > 0) throw validationError(problems);
  const res = await callEngine('GET', `/logs?${query}`, { consequence: 'its logs cannot be searched', action: 'search its logs' }, { timeoutMs: 10000 });
  return res.json();
});
