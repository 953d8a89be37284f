import { apiRoute } from '@/app/_lib/api/handler.ts';
import { validationError, zodIssues } from '@/app/_lib/api/errors.ts';
import { AuditQuery, listAuditEvents } from '@/app/_lib/queries/audit.ts';

// GET /api/v1/audit – audit events, newest first (?objectType&objectId&action&limit&before)
export const GET = apiRoute({ scope: 'admin' }, async ({ db, req }) => {
  const query = AuditQuery.safeParse(Object.fromEntries(req.nextUrl.searchParams));
  if (!query.success) throw validationError(zodIssues(query.error));
  return listAuditEvents(db, query.data);
});
