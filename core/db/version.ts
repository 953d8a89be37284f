// Configuration versions: list, read, diff, roll back (a rollback is itself a new version).
import type { Db } from './client.ts';
import type { VersionView } from '../views/version.ts';
import { ApiError } from '../contract/api-error.ts';
import { audit, bumpRevision } from './config-state.ts';
import type { WriteMeta } from './config-state.ts';
import { parseSnapshot, writeSnapshot, type Snapshot } from './snapshot.ts';
import { diffSnapshots } from './snapshot-diff.ts';

export async function listVersions(db: Db, limit = 100, before?: number): Promise<VersionView[]> {
  const rows = await db.configVersion.findMany({
    where: before ? { revision: { lt: before } } : {},
    orderBy: { revision: 'desc' },
    take: Math.min(Math.max(limit, 1), 500),
    select: { revision: true, summary: true, source: true, createdAt: true, user: { select: { email: true } } },
  });
  return rows.map((r) => ({ revision: r.revision, summary: r.summary, source: r.source, createdAt: r.createdAt.toISOString(), author: r.user?.email ?? null }));
}

export async function getVersionOrThrow(db: Db, revision: number): Promise<{ revision: number; snapshot: Snapshot; summary: string; createdAt: string }> {
  const row = await db.configVersion.findUnique({ where: { revision } });
  if (!row) throw new ApiError('not_found', `version ${revision} not found (versions older than the last 500 are pruned)`);
  return { revision: row.revision, snapshot: row.snapshot as unknown as Snapshot, summary: row.summary, createdAt: row.createdAt.toISOString() };
}

export async function diffVersions(db: Db, from: number, to: number) {
  const [a, b] = await Promise.all([getVersionOrThrow(db, from), getVersionOrThrow(db, to)]);
  return { from, to, changes: diffSnapshots(a.snapshot, b.snapshot) };
}

export interface RollbackOptions {
  /** Version summary (default "rolled back to revision N"). */
  summary?: string;
  /** Audit action (default config.rollback) and what the audit event records. */
  action?: string;
  auditAfter?: unknown;
  /** Refuse (409) unless this is still the current revision: a newer change wins over an automatic rollback. */
  expectCurrent?: number;
}

/** Restores a version's configuration, byte for byte, as a new revision. */
export async function rollbackTo(db: Db, revision: number, meta: WriteMeta, options: RollbackOptions = {}): Promise<{ revision: number }> {
  const version = await getVersionOrThrow(db, revision);
  const parsed = parseSnapshot(version.snapshot);
  if (!parsed.success) throw new ApiError('conflict', `version ${revision} no longer validates and cannot be restored`, parsed.error.issues);
  return db.$transaction(async (tx) => {
    if (options.expectCurrent !== undefined) {
      const current = (await tx.configState.findUnique({ where: { id: 1 } }))?.revision ?? 0;
      if (current !== options.expectCurrent) throw new ApiError('conflict', `the configuration changed since revision ${options.expectCurrent} (now ${current}); not rolled back`);
    }
    await writeSnapshot(tx, version.snapshot);
    const next = await bumpRevision(tx, { summary: options.summary ?? `rolled back to revision ${revision}`, source: 'rollback', principal: meta.principal });
    await audit(tx, { ...meta, action: options.action ?? 'config.rollback', objectType: 'config', objectId: String(revision), after: options.auditAfter, revision: next });
    return { revision: next };
  }, { timeout: 60_000 });
}
