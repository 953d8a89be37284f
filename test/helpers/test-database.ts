// PORTICO_TEST_DATABASE=postgresql: the database-backed tests run against PostgreSQL. Each
// data directory the helpers create gets its own database, copied from a template migrated
// once (CREATE DATABASE … TEMPLATE is much faster than running the migrations each time),
// and PORTICO_DATABASE_URL names it for this test process and the processes it starts.
// The server is PORTICO_TEST_POSTGRES_URL's (the CI pass starts one: scripts/test.ts), or
// else one started for this test process and stopped once it has gone.
import pg from 'pg';
import { deployMigrations } from '../../scripts/lib/migrations.ts';
import { postgresMigrationPaths } from '../../scripts/lib/paths.ts';
import { startPostgres } from '../../scripts/lib/postgres-server.ts';

export const TEMPLATE_DATABASE = 'portico_template';

export function testDatabaseIsPostgres(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.PORTICO_TEST_DATABASE === 'postgresql';
}

async function adminQuery(adminUrl: string, sql: string): Promise<pg.QueryResultRow[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Creates the migrated template on a server that lacks it. */
export async function ensureTemplate(adminUrl: string): Promise<void> {
  const found = await adminQuery(adminUrl, `SELECT 1 FROM pg_database WHERE datname = '${TEMPLATE_DATABASE}'`);
  if (found.length > 0) return;
  await adminQuery(adminUrl, `CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await deployMigrations(postgresMigrationPaths(withDatabase(adminUrl, TEMPLATE_DATABASE)));
}

let server: Promise<string> | null = null;

/** The administrative URL of the server the tests use. */
function testServer(): Promise<string> {
  server ??= (async () => {
    const given = process.env.PORTICO_TEST_POSTGRES_URL;
    if (given) return given;
    const own = await startPostgres();
    own.stopWhenGone(process.pid);
    await ensureTemplate(own.adminUrl);
    return own.adminUrl;
  })();
  return server;
}

let counter = 0;

/** A fresh, migrated PostgreSQL database; PORTICO_DATABASE_URL now names it. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = await testServer();
  counter += 1;
  const name = `portico_t${process.pid}_${counter}_${Date.now().toString(36)}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  const url = withDatabase(adminUrl, name);
  process.env.PORTICO_DATABASE_URL = url;
  return {
    url,
    async drop() {
      if (process.env.PORTICO_DATABASE_URL === url) delete process.env.PORTICO_DATABASE_URL;
      // Connections still open (a process that has not exited yet) are cut.
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    },
  };
}

