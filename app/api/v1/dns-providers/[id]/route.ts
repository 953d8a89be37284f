import { apiRoute } from '@/app/_lib/api/handler.ts';
import { dashboardEnv } from '@/app/_lib/env.ts';
import { deleteDnsProvider, getDnsProvider, updateDnsProvider } from '@/core/db/dns-provider.ts';
import { DnsProviderPatch } from '@/core/dns/provider-input.ts';

type Params = { id: string };

// GET /api/v1/dns-providers/[id] – one DNS provider (settings without credentials)
export const GET = apiRoute<undefined, Params>({ scope: 'read' }, async ({ db, params }) => getDnsProvider(db, params.id, dashboardEnv().dataDir));

// PATCH /api/v1/dns-providers/[id] – rename, or change settings (credentials left out are kept)
export const PATCH = apiRoute<typeof DnsProviderPatch, Params>({ scope: 'admin', body: DnsProviderPatch }, async ({ db, params, body, principal, ip }) =>
  updateDnsProvider(db, params.id, body, dashboardEnv().dataDir, { principal, ip }),
);

// DELETE /api/v1/dns-providers/[id] – delete a DNS provider no certificate uses (409 otherwise)
export const DELETE = apiRoute<undefined, Params>({ scope: 'admin' }, async ({ db, params, principal, ip }) => {
  await deleteDnsProvider(db, params.id, { principal, ip });
  return { deleted: params.id };
});
