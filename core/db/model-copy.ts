// Every row of every model from one Portico database to another, through the same Prisma
// API (so SQLite → PostgreSQL, PostgreSQL → SQLite and PostgreSQL → PostgreSQL alike): the
// copy command (scripts/db-copy.ts) and the backups of a PostgreSQL database use it. Read in
// one transaction (a consistent snapshot while the proxy runs), written in one, counted.
import type { Db } from './client.ts';
import { Prisma } from './generated/client.ts';
import { isPostgres } from './postgres-client.ts';

/**
 * Every model, parents before the rows that refer to them. A model added to
 * prisma/schema.prisma must be added here (test/postgres/copy.test.ts fails until it is).
 */
export const MODELS_IN_COPY_ORDER = [
  'ConfigState', 'Setting', 'CacheZone', 'LimitZone', 'AccessList', 'AcmeAccount', 'AcmeChallenge', 'DnsProvider', 'Certificate',
  'Pool', 'Server', 'Stream', 'Host', 'HostName', 'Location', 'User', 'LoginThrottle', 'RecoveryCode', 'Session', 'ApiToken',
  'AuditEvent', 'ConfigVersion', 'StatsMinute', 'ControllerLease', 'HealthGateWatch', 'Node',
] as const;

export type ModelName = (typeof MODELS_IN_COPY_ORDER)[number];
export type ModelCounts = Record<ModelName, number>;

/** Rows read and written at a time: a year of statistics is millions of rows. */
const BATCH = 2000;
/** A long copy must not hit Prisma's 5 s interactive transaction limit. */
const LONG = { maxWait: 30_000, timeout: 3_600_000 };

interface ModelDelegate {
  count(): Promise<number>;
  findMany(args: { skip: number; take: number; orderBy: Record<string, 'asc'>[] }): Promise<Record<string, unknown>[]>;
  createMany(args: { data: Record<string, unknown>[] }): Promise<{ count: number }>;
  deleteMany(): Promise<{ count: number }>;
}
type Tx = Record<string, unknown>;

interface FieldInfo {
  name: string;
  kind: string;
  type: string;
}

const delegate = (tx: Tx, model: ModelName) => tx[model.charAt(0).toLowerCase() + model.slice(1)] as ModelDelegate;

/** The model's scalar fields as the generated client describes them. */
function fieldsOf(db: Db, model: ModelName): FieldInfo[] {
  const runtime = (db as unknown as { _runtimeDataModel: { models: Record<string, { fields: FieldInfo[] }> } })._runtimeDataModel;
  const found = runtime.models[model];
  if (!found) throw new Error(`the database client has no model ${model}`);
  return found.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum');
}

/** A stable order to page through: the primary key, or every scalar when there is none of one column. */
const ORDER: Partial<Record<ModelName, string[]>> = {
  ConfigState: ['id'], Setting: ['key'], AcmeChallenge: ['token'], LoginThrottle: ['userId', 'address'], ControllerLease: ['name'], HealthGateWatch: ['revision'], Node: ['name'],
};

/** A JSON column read back as null was a database NULL: written back as one. */
function writable(row: Record<string, unknown>, jsonFields: string[]): Record<string, unknown> {
  const out = { ...row };
  for (const field of jsonFields) if (out[field] === null) out[field] = Prisma.DbNull;
  return out;
}

export async function countEveryModel(db: Db): Promise<ModelCounts> {
  const counts = {} as ModelCounts;
  for (const model of MODELS_IN_COPY_ORDER) counts[model] = await delegate(db as unknown as Tx, model).count();
  return counts;
}

export function isEmpty(counts: ModelCounts): boolean {
  return Object.values(counts).every((n) => n === 0);
}

/** Deletes every row of the target, children first. */
export async function emptyEveryModel(db: Db): Promise<void> {
  await db.$transaction(async (tx) => {
    for (const model of [...MODELS_IN_COPY_ORDER].reverse()) await delegate(tx as unknown as Tx, model).deleteMany();
  }, LONG);
}

/**
 * Copies every row from `source` into `target` (expected empty) and checks that the target
 * then holds as many rows of each model as the source's snapshot did. Returns those counts.
 */
export async function copyEveryModel(source: Db, target: Db, onModel: (model: ModelName, rows: number) => void = () => {}): Promise<ModelCounts> {
  const counts = {} as ModelCounts;
  await source.$transaction(
    async (readTx) => {
      await target.$transaction(async (writeTx) => {
        for (const model of MODELS_IN_COPY_ORDER) {
          const fields = fieldsOf(source, model);
          const jsonFields = fields.filter((f) => f.type === 'Json').map((f) => f.name);
          const orderBy = (ORDER[model] ?? ['id']).map((name) => ({ [name]: 'asc' as const }));
          let copied = 0;
          for (;;) {
            const rows = await delegate(readTx as unknown as Tx, model).findMany({ skip: copied, take: BATCH, orderBy });
            if (rows.length === 0) break;
            await delegate(writeTx as unknown as Tx, model).createMany({ data: rows.map((r) => writable(r, jsonFields)) });
            copied += rows.length;
            if (rows.length < BATCH) break;
          }
          counts[model] = copied;
          onModel(model, copied);
        }
      }, LONG);
    },
    // A consistent snapshot of the source (PostgreSQL's default, read committed, is not one).
    // SQLite's transactions are snapshots already (and take no other level).
    isPostgres(source) ? { ...LONG, isolationLevel: 'RepeatableRead' as unknown as 'Serializable' } : LONG,
  );
  const written = await countEveryModel(target);
  const wrong = MODELS_IN_COPY_ORDER.filter((m) => written[m] !== counts[m]);
  if (wrong.length > 0) throw new Error(`the copy does not add up: ${wrong.map((m) => `${m} ${written[m]} of ${counts[m]}`).join(', ')}`);
  return counts;
}
