import { apiRoute } from '@/app/_lib/api/handler.ts';
import { AuthSettingsInput, authSettingsView, getAuthSettings, saveAuthSettings } from '@/app/_lib/auth/auth-settings.ts';
import { ownOrigin } from '@/app/_lib/auth/guard.ts';

// GET /api/v1/auth/settings – sign-in settings: two factors required, local sign-in, the OpenID provider (never its client secret)
export const GET = apiRoute({ scope: 'admin' }, async ({ req, db }) => authSettingsView(await getAuthSettings(db), ownOrigin(req)));

// PUT /api/v1/auth/settings – replace the sign-in settings
export const PUT = apiRoute({ scope: 'admin', body: AuthSettingsInput }, async ({ req, db, body, principal, ip }) =>
  authSettingsView(await saveAuthSettings(db, body, { principal, ip, userId: principal.userId }), ownOrigin(req)),
);
