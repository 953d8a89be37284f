import { HostInput } from '@/core/config/host.ts';
import { apiRoute } from '@/app/_lib/api/handler.ts';
import { validationError, zodIssues } from '@/app/_lib/api/errors.ts';
import { applyReport } from '@/app/_lib/queries/apply-report.ts';
import { deleteHost, getHostOrThrow, hostInputOf, replaceHost } from '@/core/db/host.ts';
import { serializeHost } from '@/core/views/host.ts';
import { HostPatch } from '@/app/_lib/api/schemas.ts';

type Params = { id: string };

// GET /api/v1/hosts/[id] – one host
export const GET = apiRoute<undefined, Params>({ scope: 'read' }, async ({ db, params }) => ({ host: serializeHost(await getHostOrThrow(db, params.id)) }));

// PUT /api/v1/hosts/[id] – replace a host
export const PUT = apiRoute<typeof HostInput, Params>({ scope: 'write', body: HostInput }, async ({ db, params, body, principal, ip }) => {
  const { host, revision } = await replaceHost(db, params.id, body, { principal, ip });
  return { host, apply: await applyReport(revision, [host.id, ...host.locations.map((l) => l.id)]) };
});

// PATCH /api/v1/hosts/[id] – change some top-level fields of a host
export const PATCH = apiRoute<typeof HostPatch, Params>({ scope: 'write', body: HostPatch }, async ({ db, params, body, principal, ip }) => {
  const current = hostInputOf(serializeHost(await getHostOrThrow(db, params.id)));
  const parsed = HostInput.safeParse({ ...current, ...body });
  if (!parsed.success) throw validationError(zodIssues(parsed.error));
  const { host, revision } = await replaceHost(db, params.id, parsed.data, { principal, ip });
  return { host, apply: await applyReport(revision, [host.id, ...host.locations.map((l) => l.id)]) };
});

// DELETE /api/v1/hosts/[id] – delete a host
export const DELETE = apiRoute<undefined, Params>({ scope: 'write' }, async ({ db, params, principal, ip }) => {
  const { revision } = await deleteHost(db, params.id, { principal, ip });
  return { deleted: params.id, apply: await applyReport(revision, [params.id]) };
});
