import { apiRoute } from '@/app/_lib/api/handler.ts';
import { accountView } from '@/core/acme/account.ts';
import { acmeSettings } from '@/core/acme/settings.ts';

// GET /api/v1/certificates/accounts – ACME accounts per directory (never their keys)
export const GET = apiRoute({ scope: 'read' }, async ({ db }) => ({
  defaultDirectoryUrl: acmeSettings().directoryUrl,
  accounts: (await db.acmeAccount.findMany({ orderBy: { createdAt: 'asc' } })).map(accountView),
}));
