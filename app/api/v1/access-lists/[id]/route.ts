import { apiRoute } from '@/app/_lib/api/handler.ts';
import { applyReport } from '@/app/_lib/queries/apply-report.ts';
import { AccessListPatch, AccessListWrite } from '@/core/config/access-list-input.ts';
import { deleteAccessList, getAccessList, updateAccessList, type AccessListView } from '@/core/db/access-list.ts';

type Params = { id: string };

/** The objects an apply report covers: the list and every host and location using it. */
const affected = (list: AccessListView) => [list.id, ...list.usedBy.map((u) => u.locationId ?? u.hostId)];

// GET /api/v1/access-lists/[id] – one access list (user names only) with where it is used
export const GET = apiRoute<undefined, Params>({ scope: 'read' }, async ({ db, params }) => getAccessList(db, params.id));

// PUT /api/v1/access-lists/[id] – replace an access list (a user without a password keeps the stored one)
export const PUT = apiRoute<typeof AccessListWrite, Params>({ scope: 'write', body: AccessListWrite }, async ({ db, params, body, principal, ip }) => {
  const { accessList, revision } = await updateAccessList(db, params.id, body, { principal, ip });
  return { accessList, apply: await applyReport(revision, affected(accessList)) };
});

// PATCH /api/v1/access-lists/[id] – change some fields of an access list
export const PATCH = apiRoute<typeof AccessListPatch, Params>({ scope: 'write', body: AccessListPatch }, async ({ db, params, body, principal, ip }) => {
  const { accessList, revision } = await updateAccessList(db, params.id, body, { principal, ip });
  return { accessList, apply: await applyReport(revision, affected(accessList)) };
});

// DELETE /api/v1/access-lists/[id] – delete an access list no host or location uses (409 with where it is used otherwise)
export const DELETE = apiRoute<undefined, Params>({ scope: 'write' }, async ({ db, params, principal, ip }) => {
  const { revision } = await deleteAccessList(db, params.id, { principal, ip });
  return { deleted: params.id, apply: await applyReport(revision, [params.id]) };
});
