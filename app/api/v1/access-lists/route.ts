import { apiRoute } from '@/app/_lib/api/handler.ts';
import { applyReport } from '@/app/_lib/queries/apply-report.ts';
import { AccessListWrite } from '@/core/config/access-list-input.ts';
import { createAccessList, listAccessLists } from '@/core/db/access-list.ts';

// GET /api/v1/access-lists – list access lists (user names only, never passwords) with where each is used
export const GET = apiRoute({ scope: 'read' }, async ({ db }) => ({ accessLists: await listAccessLists(db) }));

// POST /api/v1/access-lists – create an access list (passwords are stored as bcrypt hashes)
export const POST = apiRoute({ scope: 'write', body: AccessListWrite, status: 201 }, async ({ db, body, principal, ip }) => {
  const { accessList, revision } = await createAccessList(db, body, { principal, ip });
  return { accessList, apply: await applyReport(revision, [accessList.id]) };
});
