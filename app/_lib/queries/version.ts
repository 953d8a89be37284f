// Configuration versions: list, read, diff, roll back (a rollback is itself a new version).
import type { Db } from '@/proxy-engine/db/client.ts';
import { ApiError } from '../api/errors.ts';
import { audit, bumpRevision } from './config-state.ts';
import type { WriteMeta } from './host.ts';
import { parseSnapshot, writeSnapshot, type Snapshot } from './snapshot.ts';
import { diffSnapshots } from './snapshot-diff.ts';

export async function listVersions(db: Db, limit = 100, before?: number) {
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

/** Restores a version's configuration, byte for byte, as a new revision. */
export async function rollbackTo(db: Db, revision: number, meta: WriteMeta): Promise<{ revision: number }> {
  const version = await getVersionOrThrow(db, revision);
  const parsed = parseSnapshot(version.snapshot);
  if (!parsed.success) throw new ApiError('conflict', `version ${revision} no longer validates and cannot be restored`, parsed.error.issues);
  return db.$transaction(async (tx) => {
    await writeSnapshot(tx, version.snapshot);
    const next = await bumpRevision(tx, { summary: `rolled back to revision ${revision}`, source: 'rollback', principal: meta.principal });
    await audit(tx, { ...meta, action: 'config.rollback', objectType: 'config', objectId: String(revision), revision: next });
    return { revision: next };
  }, { timeout: 60_000 });
}
