// The JSON export document and putting a whole configuration back (a JSON export, the
// configuration a database backup holds), shared by the dashboard's routes and the
// `portico` command so both write the same document, revision and audit event.
import type { Db } from './client.ts';
import { audit, bumpRevision, type WriteMeta } from './config-state.ts';
import { parseSnapshot, readSnapshot, writeSnapshot, type Snapshot } from './snapshot.ts';
import { diffSnapshots } from './snapshot-diff.ts';
import { guardUpstreams, upstreamTargets } from './upstream-guard.ts';

/** What GET /api/v1/export/json downloads and `portico export --json` prints. */
export function exportDocument(snapshot: Snapshot) {
  return { format: 'portico-config', version: 1, exportedAt: new Date().toISOString(), snapshot } as const;
}

/** The snapshot of an export document as downloaded, or of a bare snapshot. */
export function parseExport(raw: unknown) {
  const value = raw as { snapshot?: unknown } | null | undefined;
  return parseSnapshot(value?.snapshot ?? value);
}

/** What restoring `snapshot` would change (a dry run). */
export async function restoreChanges(db: Db, snapshot: Snapshot) {
  const current = await db.$transaction((tx) => readSnapshot(tx));
  return diffSnapshots(current, snapshot);
}

export interface RestoreInput {
  summary: string;
  meta: WriteMeta;
  objectType: string;
  objectId?: string;
}

/** Replaces the whole configuration with `snapshot` as a new revision (audited config.restore); returns the revision. */
export function restoreSnapshot(db: Db, snapshot: Snapshot, { summary, meta, objectType, objectId }: RestoreInput): Promise<number> {
  return db.$transaction(
    async (tx) => {
      await writeSnapshot(tx, snapshot);
      // Judged with the settings just restored (the snapshot's own allowLinkLocalUpstreams).
      await guardUpstreams(tx, upstreamTargets(snapshot, 'snapshot.'));
      const revision = await bumpRevision(tx, { summary, source: 'restore', principal: meta.principal });
      await audit(tx, { ...meta, action: 'config.restore', objectType, objectId, revision });
      return revision;
    },
    { timeout: 60_000 },
  );
}
