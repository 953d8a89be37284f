// Prisma's wasm schema engine (see schema-engine.ts) over the PostgreSQL driver adapter:
// migrations for PORTICO_DATABASE_URL. Its shadow database (for creating migrations) is a
// scratch database the adapter creates and drops on the same server.
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import { openSchemaEngineOver, type OpenedSchemaEngine } from './schema-engine.ts';

/** The engine usually disposes of its shadow database itself (dropping it); a second
 * dispose then fails to drop it again, which is no loss. */
async function disposeTolerantly(opened: SqlDriverAdapter[]): Promise<void> {
  for (const adapter of opened.reverse()) await adapter.dispose().catch(() => {});
}

export function openPostgresSchemaEngine(databaseUrl: string, schemaPath: string, schemaText: string): Promise<OpenedSchemaEngine> {
  const base = new PrismaPg({ connectionString: databaseUrl, max: 2 });
  return openSchemaEngineOver(base, schemaPath, schemaText, disposeTolerantly);
}
