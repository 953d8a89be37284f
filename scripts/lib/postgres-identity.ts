// The identity check of core/db/database-identity.ts, on PostgreSQL: which database this
// data directory's instance last ran on. Its last good configuration belongs to that
// database; PORTICO_DATABASE_URL pointed at another one (a fresh database, another
// installation's, a restored copy from elsewhere) must not be migrated, written or served
// from as if it were the same: the start stops in the incident mode, with the SQLite
// check's wording. The identity lives in the database's Setting row, as on SQLite (db:copy
// carries it), and in database-identity.json beside the last good configuration. Every
// instance of a cluster records the one identity its database holds.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { IDENTITY_SETTING_KEY, keepIdentityRecord, parseIdentity, readIdentityRecord, type DatabaseIdentity } from '../../core/db/database-identity.ts';
import { readLastGoodRevision } from '../../core/db/last-good.ts';
import { redactDatabaseUrl } from '../../core/db/database-url.ts';
import type { DatabaseIncident } from './database-incident.ts';

interface Found {
  identity: DatabaseIdentity | null;
  /** No configuration and no users (or not even Portico's tables): a database never used. */
  fresh: boolean;
}

async function tableExists(client: pg.Client, table: string): Promise<boolean> {
  const found = await client.query('SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1', [table]);
  return (found.rowCount ?? 0) > 0;
}

async function readFound(client: pg.Client): Promise<Found> {
  if (!(await tableExists(client, 'Setting'))) return { identity: null, fresh: true };
  const row = await client.query<{ value: string }>('SELECT value::text AS value FROM "Setting" WHERE key = $1', [IDENTITY_SETTING_KEY]);
  const identity = row.rows[0] ? parseIdentity(row.rows[0].value) : null;
  const revision = await client.query<{ revision: number }>('SELECT revision FROM "ConfigState" WHERE id = 1');
  const users = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM "User"');
  return { identity, fresh: (revision.rows[0]?.revision ?? 0) === 0 && users.rows[0]!.n === 0 };
}

async function withClient<T>(databaseUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Before migrating: the incident when the database is not the one on record (null when it is, or when nothing is on record). */
export async function checkPostgresIdentity(databaseUrl: string, dataDir: string): Promise<DatabaseIncident | null> {
  const recorded = readIdentityRecord(dataDir);
  if (!recorded) return null;
  const found = await withClient(databaseUrl, readFound);
  if (found.identity?.id === recorded.id) return null;
  const where = redactDatabaseUrl(databaseUrl);
  const lastGood = readLastGoodRevision(dataDir);
  const onRecord = `the database ${recorded.id} (created ${recorded.createdAt}) is on record in database-identity.json`;
  const served = lastGood === null ? [] : [`the proxy last served revision ${lastGood} of it (last-good-config.json)`];
  const deliberately = `If PORTICO_DATABASE_URL names this database on purpose, move database-identity.json out of ${dataDir} and start again: the database is then taken into service and its configuration replaces the last good one.`;
  if (found.fresh && !found.identity) {
    return {
      kind: 'emptied',
      summary: 'the PostgreSQL database is a fresh one (no configuration, no users), but Portico ran on a database here before',
      details: [onRecord, ...served, 'Starting on it would create an empty configuration, a new administrator setup and overwrite the last good configuration.'],
      hint: `To move an installation to PostgreSQL, copy its database with npm run db:copy first. ${deliberately}`,
      databaseFile: where,
    };
  }
  return {
    kind: 'replaced',
    summary: 'the PostgreSQL database is not the one Portico last ran on',
    details: [`on record: ${recorded.id}`, `in the database: ${found.identity ? found.identity.id : 'no identity (a database from another installation, or from before identities were kept)'}`, ...served],
    hint: deliberately,
    databaseFile: where,
  };
}

/** After a successful start: the database keeps its identity (the first instance creates it) and this data directory's record follows. */
export async function recordPostgresIdentity(databaseUrl: string, dataDir: string): Promise<DatabaseIdentity> {
  const identity = await withClient(databaseUrl, async (client) => {
    const created: DatabaseIdentity = { id: randomUUID(), createdAt: new Date().toISOString() };
    // Instances starting together on a new database: the first insert wins, every one reads it back.
    await client.query('INSERT INTO "Setting" (key, value, "updatedAt") VALUES ($1, $2::jsonb, now()) ON CONFLICT (key) DO NOTHING', [IDENTITY_SETTING_KEY, JSON.stringify(created)]);
    const row = await client.query<{ value: string }>('SELECT value::text AS value FROM "Setting" WHERE key = $1', [IDENTITY_SETTING_KEY]);
    const stored = row.rows[0] ? parseIdentity(row.rows[0].value) : null;
    if (!stored) throw new Error(`the database's ${IDENTITY_SETTING_KEY} setting is not an identity`);
    return stored;
  });
  keepIdentityRecord(dataDir, identity);
  return identity;
}
