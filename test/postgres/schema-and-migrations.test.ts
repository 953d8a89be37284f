// PostgreSQL's schema and migrations keep up with prisma/schema.prisma (the one source of
// the models): a model or field added there without `npm run db:migrate -- <name>` turns
// this red. And the migrations deploy on an empty PostgreSQL 15, with the client working.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresServer } from '../helpers/postgres.ts';
import { deployMigrations } from '../../scripts/lib/migrations.ts';
import { postgresMigrationPaths } from '../../scripts/lib/paths.ts';
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, postgresSchemaText } from '../../scripts/lib/postgres-schema.ts';
import { openDb, isPostgres } from '../../core/db/client.ts';
import { databaseUrlFromEnv } from '../../core/db/database-url.ts';
import { readEnv } from '../../core/env.ts';

const UPDATE = 'run `npm run db:migrate -- <name>` (it writes both the SQLite and the PostgreSQL migration)';

/** Every model's scalar and enum fields, from the schema text: the columns its table must have. */
function modelColumns(schema: string): Map<string, string[]> {
  const models = new Map<string, string[]>();
  const blocks = [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)];
  const modelNames = new Set(blocks.map((b) => b[1]!));
  for (const [, name, body] of blocks) {
    const columns: string[] = [];
    for (const line of body!.split('\n')) {
      const field = /^\s+(\w+)\s+(\w+)(\[\])?\??/.exec(line);
      if (!field || modelNames.has(field[2]!)) continue;
      columns.push(field[1]!);
    }
    models.set(name!, columns);
  }
  return models;
}

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
}, 30_000);
afterAll(async () => {
  await server?.destroy();
});

describe('the PostgreSQL schema', () => {
  it('is derived from prisma/schema.prisma as it is now', () => {
    const expected = postgresSchemaText(fs.readFileSync(SQLITE_SCHEMA, 'utf8'));
    expect(fs.readFileSync(POSTGRES_SCHEMA, 'utf8'), `prisma/postgresql/schema.prisma lags prisma/schema.prisma: ${UPDATE}`).toBe(expected);
  });

  it('is what the PostgreSQL migrations build on an empty database: every model a table, every field a column', async () => {
    const url = await server.createDatabase();
    const applied = await deployMigrations(postgresMigrationPaths(url));
    expect(applied.length).toBeGreaterThan(0);
    const database = new URL(url).pathname.slice(1);
    const rows = await server.query<{ table_name: string; column_name: string }>(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'",
      database,
    );
    const actual = new Map<string, Set<string>>();
    for (const row of rows) {
      if (!actual.has(row.table_name)) actual.set(row.table_name, new Set());
      actual.get(row.table_name)!.add(row.column_name);
    }
    const missing: string[] = [];
    for (const [model, columns] of modelColumns(fs.readFileSync(SQLITE_SCHEMA, 'utf8'))) {
      const table = actual.get(model);
      if (!table) missing.push(`table ${model}`);
      else for (const column of columns) if (!table.has(column)) missing.push(`column ${model}.${column}`);
    }
    expect(missing, `the PostgreSQL migrations lack ${missing.join(', ')}: ${UPDATE}`).toEqual([]);
    // Deploying again finds nothing to do.
    expect(await deployMigrations(postgresMigrationPaths(url))).toEqual([]);
  });

  it('opens through openDb when PORTICO_DATABASE_URL names it, with the one Db API', async () => {
    const url = await server.createDatabase();
    await deployMigrations(postgresMigrationPaths(url));
    const db = await openDb('/tmp/portico-unused-data-dir', { databaseUrl: url });
    try {
      expect(isPostgres(db)).toBe(true);
      const host = await db.host.create({ data: { entrypoints: ['http'], tls: { mode: 'off' }, policies: {}, errorPages: {}, serverNames: { create: [{ name: 'pg.example', position: 0 }] } }, include: { serverNames: true } });
      expect(host.entrypoints).toEqual(['http']);
      expect(host.serverNames.map((n) => n.name)).toEqual(['pg.example']);
      await db.$transaction(async (tx) => {
        await tx.configState.upsert({ where: { id: 1 }, create: { id: 1, revision: 1 }, update: { revision: { increment: 1 } } });
      });
      expect((await db.configState.findUniqueOrThrow({ where: { id: 1 } })).revision).toBe(1);
    } finally {
      await db.$disconnect();
    }
  });
});

describe('PORTICO_DATABASE_URL', () => {
  it('is checked with the rest of the environment at start: a bad value stops it, naming the variable', () => {
    expect(() => readEnv({ PORTICO_DATABASE_URL: 'mysql://u:secret-pw@db/portico' })).toThrow(/PORTICO_DATABASE_URL/);
    expect(readEnv({ PORTICO_DATABASE_URL: 'postgresql://u:pw@db:5432/portico' }).PORTICO_DATABASE_URL).toBe('postgresql://u:pw@db:5432/portico');
  });

  it('unset or empty means SQLite', () => {
    expect(databaseUrlFromEnv({})).toBeNull();
    expect(databaseUrlFromEnv({ PORTICO_DATABASE_URL: '' })).toBeNull();
  });

  it('rejects what is not a PostgreSQL URL, naming the variable and never the password', () => {
    for (const value of ['not a url', 'mysql://u:secret-pw@h/db', 'postgresql://u:secret-pw@h', 'file:/tmp/x.db']) {
      let message = '';
      try {
        databaseUrlFromEnv({ PORTICO_DATABASE_URL: value });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message, value).toContain('PORTICO_DATABASE_URL');
      expect(message).not.toContain('secret-pw');
    }
  });
});
