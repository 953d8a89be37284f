// Prisma's wasm schema engine (see schema-engine.ts) over the PostgreSQL driver adapter:
// migrations for PORTICO_DATABASE_URL. Its shadow database (for creating migrations) is a
// scratch database the adapter creates and drops on the same server.
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import { acceptScripts, loadWasm, type OpenedSchemaEngine } from './schema-engine.ts';

export async function openPostgresSchemaEngine(databaseUrl: string, schemaPath: string, schemaText: string): Promise<OpenedSchemaEngine> {
  loadWasm();
  const base = new PrismaPg({ connectionString: databaseUrl, max: 2 });
  const opened: SqlDriverAdapter[] = [];
  const track = (adapter: SqlDriverAdapter) => {
    opened.push(adapter);
    return acceptScripts(adapter);
  };
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => track(await base.connect()),
    connectToShadowDb: async () => track(await base.connectToShadowDb()),
  };
  const log = (message: string) => {
    if (process.env.PORTICO_DEBUG_MIGRATIONS) process.stderr.write(`[schema-engine] ${message}\n`);
  };
  const engine = await bindings.SchemaEngine.new({ datamodels: [[schemaPath, schemaText]] }, log, bindMigrationAwareSqlAdapterFactory(factory));
  return {
    engine,
    close: async () => {
      engine.free();
      // The engine usually disposes of its shadow database itself (dropping it); a second
      // dispose then fails to drop it again, which is no loss.
      for (const adapter of opened.splice(0).reverse()) await adapter.dispose().catch(() => {});
    },
  };
}
