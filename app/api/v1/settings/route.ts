import { GlobalSettings } from '@/core/config/settings.ts';
import { apiRoute } from '@/app/_lib/api/handler.ts';
import { applyReport } from '@/app/_lib/queries/apply-report.ts';
import { getSettings, saveSettings } from '@/core/db/settings.ts';

// GET /api/v1/settings – global settings
export const GET = apiRoute({ scope: 'read' }, async ({ db }) => ({ settings: await getSettings(db) }));

// PUT /api/v1/settings – replace the global settings (fields left out take their defaults)
export const PUT = apiRoute({ scope: 'admin', body: GlobalSettings }, async ({ db, body, principal, ip }) => {
  const { settings, revision } = await saveSettings(db, body, { principal, ip });
  return { settings, apply: await applyReport(revision, ['global']) };
});
