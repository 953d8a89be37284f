import { apiRoute } from '@/app/_lib/api/handler.ts';
import { engine } from '@/app/_lib/engine-client.ts';
import { readRevision } from '@/core/db/load-config.ts';

// GET /api/v1/engine/status – applied and desired revision, per-object errors
export const GET = apiRoute({ scope: 'read' }, async ({ db }) => {
  const desiredRevision = await readRevision(db);
  const status = await engine().status();
  if (!status) return { running: false, appliedRevision: null, desiredRevision, errors: [] };
  return { running: true, ...status, desiredRevision: Math.max(desiredRevision, status.desiredRevision) };
});
