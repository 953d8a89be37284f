// The configuration revision: every accepted write bumps it inside its own transaction,
// with its audit event (the engine's verdict on it: apply-report.ts).
import type { Prisma } from './generated/client.ts';
import { actorOf, type Principal } from '../auth/principal.ts';
import { readSnapshot } from './snapshot.ts';
import { notifyRevision } from './postgres-revision-channel.ts';
import { noteRevisionBump } from './revision-announcements.ts';

type Tx = Prisma.TransactionClient;

/** Versions kept for diff and rollback (older ones are pruned). */
const VERSIONS_KEPT = 500;

export interface RevisionMeta {
  /** What changed, in a few words ("host app.example.com updated"). */
  summary: string;
  source: 'api' | 'import' | 'rollback' | 'restore';
  principal: Principal | null;
}

/**
 * Every accepted write: bump the revision and keep the whole resulting configuration as
 * a version, in the caller's transaction (so a version exists exactly when the write does).
 */
export async function bumpRevision(tx: Tx, meta: RevisionMeta): Promise<number> {
  const state = await tx.configState.upsert({
    where: { id: 1 },
    create: { id: 1, revision: 1 },
    update: { revision: { increment: 1 } },
  });
  const snapshot = await readSnapshot(tx);
  await tx.configVersion.create({
    data: {
      revision: state.revision,
      snapshot: snapshot as unknown as Prisma.InputJsonValue,
      summary: meta.summary.slice(0, 500),
      source: meta.source,
      userId: meta.principal?.userId ?? null,
    },
  });
  await tx.configVersion.deleteMany({ where: { revision: { lte: state.revision - VERSIONS_KEPT } } });
  // PostgreSQL: every engine hears of it on commit (core/db/postgres-revision-channel.ts).
  await notifyRevision(tx, state.revision);
  // SQLite with Redis: announced on the revision bus once committed (revision-announcements.ts).
  noteRevisionBump(tx, state.revision);
  return state.revision;
}

export interface AuditInput {
  principal: Principal | null;
  /** Who acted when no principal did ("cli": the `portico` command on the server itself). */
  actor?: string;
  ip?: string;
  action: string;
  objectType: string;
  objectId?: string;
  before?: unknown;
  after?: unknown;
  revision?: number;
}

const SECRET_KEYS = /^(password|passwordHash|keyPem|tokenHash|token|caPem|privateKey|clientSecret|totpSecret)$/i;

/** Secrets never reach the audit log. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.test(k) ? '[redacted]' : redact(v)]));
  }
  return value;
}

export async function audit(tx: Tx, input: AuditInput): Promise<void> {
  await tx.auditEvent.create({
    data: {
      userId: input.principal?.userId,
      actor: input.actor ?? actorOf(input.principal),
      ip: input.ip,
      action: input.action,
      objectType: input.objectType,
      objectId: input.objectId,
      before: input.before === undefined ? undefined : (redact(input.before) as Prisma.InputJsonValue),
      after: input.after === undefined ? undefined : (redact(input.after) as Prisma.InputJsonValue),
      revision: input.revision,
    },
  });
}

/** Who made a write, for its audit event. */
export interface WriteMeta {
  principal: Principal | null;
  actor?: string;
  ip?: string;
}
