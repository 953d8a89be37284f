import { apiRoute } from '@/app/_lib/api/handler.ts';
import { gateState } from '@/app/_lib/health-gate/watcher.ts';
import { getSettings } from '@/app/_lib/queries/settings.ts';

// GET /api/v1/versions/health-gate – the health gate's settings, the change it watches now
// (traffic before and so far after) and the verdict on the last one watched
export const GET = apiRoute({ scope: 'read' }, async ({ db }) => {
  const settings = (await getSettings(db)).healthGate;
  return { settings, ...gateState() };
});
