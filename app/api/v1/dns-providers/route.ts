import { apiRoute } from '@/app/_lib/api/handler.ts';
import { dashboardEnv } from '@/app/_lib/env.ts';
import { createDnsProvider, listDnsProviders } from '@/core/db/dns-provider.ts';
import { DnsProviderInput } from '@/core/dns/provider-input.ts';

// GET /api/v1/dns-providers – list DNS providers (settings without credentials)
export const GET = apiRoute({ scope: 'read' }, async ({ db }) => ({ providers: await listDnsProviders(db, dashboardEnv().dataDir) }));

// POST /api/v1/dns-providers – add a DNS provider. Admin scope: its credentials reach the DNS, and exec runs a command here.
export const POST = apiRoute({ scope: 'admin', body: DnsProviderInput, status: 201 }, async ({ db, body, principal, ip }) => {
  const provider = await createDnsProvider(db, body, dashboardEnv().dataDir, { principal, ip });
  return { id: provider.id, name: provider.name, kind: provider.kind, settings: provider.settings };
});
