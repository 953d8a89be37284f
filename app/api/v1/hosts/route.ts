import { HostInput } from '@/core/config/host.ts';
import { apiRoute } from '@/app/_lib/api/handler.ts';
import { applyReport } from '@/app/_lib/queries/apply-report.ts';
import { createHost, listHosts } from '@/core/db/host.ts';

// GET /api/v1/hosts – list hosts with their locations
export const GET = apiRoute({ scope: 'read' }, async ({ db }) => ({ hosts: await listHosts(db) }));

// POST /api/v1/hosts – create a host
export const POST = apiRoute({ scope: 'write', body: HostInput, status: 201 }, async ({ db, body, principal, ip }) => {
  const { host, revision } = await createHost(db, body, { principal, ip });
  return { host, apply: await applyReport(revision, [host.id, ...host.locations.map((l) => l.id)]) };
});
