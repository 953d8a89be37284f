// Reading the audit log: newest first, filtered by object, paged with a cursor (the id of
// the last event seen). Secrets were redacted when the events were written.
import { z } from 'zod';
import type { Db } from '@/core/db/client.ts';
import type { Prisma } from '@/core/db/generated/client.ts';
import { ApiError } from '../api/errors.ts';
import { auditNames } from './audit-names.ts';
import type { AuditEventView } from '@/core/views/audit.ts';

export const AuditQuery = z
  .object({
    objectType: z.string().trim().min(1).max(64).optional().describe('Only events about this kind of object (host, pool, user, apiToken, …).'),
    objectId: z.string().trim().min(1).max(128).optional().describe('Only events about this object.'),
    action: z.string().trim().min(1).max(64).optional().describe('Only events of this action (host.update, config.auto_rollback, …).'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    before: z.string().trim().min(1).max(64).optional().describe('An event id: return the events older than it.'),
  })
  .describe('Audit log filters.');
export type AuditQuery = z.output<typeof AuditQuery>;


export async function listAuditEvents(db: Db, query: AuditQuery): Promise<{ events: AuditEventView[]; nextBefore: string | null; references: Record<string, string> }> {
  const where: Prisma.AuditEventWhereInput = {
    ...(query.objectType ? { objectType: query.objectType } : {}),
    ...(query.objectId ? { objectId: query.objectId } : {}),
    ...(query.action ? { action: query.action } : {}),
  };
  if (query.before) {
    const cursor = await db.auditEvent.findUnique({ where: { id: query.before }, select: { at: true, id: true } });
    if (!cursor) throw new ApiError('not_found', `audit event ${query.before} not found`);
    // Events in the same millisecond are ordered by id, so none is skipped or repeated.
    where.OR = [{ at: { lt: cursor.at } }, { at: cursor.at, id: { lt: cursor.id } }];
  }
  const rows = await db.auditEvent.findMany({ where, orderBy: [{ at: 'desc' }, { id: 'desc' }], take: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const names = await auditNames(db, page.map((e) => ({ objectType: e.objectType, objectId: e.objectId, before: e.before, after: e.after })));
  return {
    events: page.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      actor: e.actor,
      ip: e.ip,
      action: e.action,
      objectType: e.objectType,
      objectId: e.objectId,
      objectName: e.objectId ? (names.objects[`${e.objectType}:${e.objectId}`] ?? null) : null,
      before: e.before ?? null,
      after: e.after ?? null,
      revision: e.revision,
    })),
    nextBefore: rows.length > query.limit ? page[page.length - 1]!.id : null,
    /** Ids the events' changes refer to (a location's poolId), named: "pool backend". */
    references: names.references,
  };
}

/** The kinds of object the log has events for, for the filter menu. */
export async function auditObjectTypes(db: Db): Promise<string[]> {
  const rows = await db.auditEvent.findMany({ distinct: ['objectType'], select: { objectType: true }, orderBy: { objectType: 'asc' } });
  return rows.map((r) => r.objectType);
}
