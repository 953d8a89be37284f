// What the PostgreSQL database has already applied, read without the schema engine.
import pg from 'pg';

export async function appliedPostgresMigrations(databaseUrl: string): Promise<Set<string>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const table = await client.query("SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '_prisma_migrations'");
    if (table.rowCount === 0) return new Set();
    const rows = await client.query<{ name: string }>('SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL');
    return new Set(rows.rows.map((r) => r.name));
  } finally {
    await client.end();
  }
}
