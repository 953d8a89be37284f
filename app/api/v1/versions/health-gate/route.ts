import { apiRoute } from '@/app/_lib/api/handler.ts';
import { readGateState } from '@/core/db/health-gate.ts';
import { getSettings } from '@/core/db/settings.ts';

// GET /api/v1/versions/health-gate – the health gate's settings, the change it watches now
// (traffic before and so far after) and the verdict on the last one watched
export const GET = apiRoute({ scope: 'read' }, async ({ db }) => {
  const settings = (await getSettings(db)).healthGate;
  return { settings, ...(await readGateState(db)) };
});
