// Prisma's schema engine (migrations) as WebAssembly over the better-sqlite3 driver
// adapter. The Prisma CLI would download a native engine, which this network forbids;
// the npm package @prisma/schema-engine-wasm ships the same engine compiled to wasm.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

const require = createRequire(import.meta.url);
let wasmReady = false;

/** The package imports its .wasm as an ES module, which Node cannot; instantiate it by hand. */
export function loadWasm(): void {
  if (wasmReady) return;
  // The wasm file is not in the package's exports map: resolve it beside the JS glue.
  const wasmPath = path.join(path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm');
  const module = new WebAssembly.Module(fs.readFileSync(wasmPath));
  const instance = new WebAssembly.Instance(module, { './schema_engine_bg.js': bindings as unknown as WebAssembly.ModuleImports });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  wasmReady = true;
}

/**
 * The shadow-database replay sends whole migration files (several statements) through
 * executeRaw, which better-sqlite3 rejects; parameterless statements go to executeScript,
 * which runs any number of statements.
 */
export function acceptScripts(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    if (query.args.length > 0) return executeRaw(query);
    await adapter.executeScript(query.sql);
    return 0;
  };
  return adapter;
}

/** Lets go of the connections an engine opened, once it is freed. */
export type DisposeOpened = (opened: SqlDriverAdapter[]) => Promise<void>;

async function disposeInOrder(opened: SqlDriverAdapter[]): Promise<void> {
  for (const adapter of opened) await adapter.dispose();
}

/** Wraps a driver adapter's factory so that it tracks every connection it opens:
 * SchemaEngine.free() does not close them, and an open connection would hold locks
 * (SQLite's, or a PostgreSQL pool's) against the next engine in the same process. */
function trackingFactory(base: SqlMigrationAwareDriverAdapterFactory) {
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
  return { factory, takeOpened: () => opened.splice(0) };
}

export interface OpenedSchemaEngine {
  engine: SchemaEngine;
  close(): Promise<void>;
}

/** The schema engine over any migration-aware driver adapter (SQLite's or PostgreSQL's). */
export async function openSchemaEngineOver(
  base: SqlMigrationAwareDriverAdapterFactory,
  schemaPath: string,
  schemaText: string,
  disposeOpened: DisposeOpened = disposeInOrder,
): Promise<OpenedSchemaEngine> {
  loadWasm();
  const { factory, takeOpened } = trackingFactory(base);
  const log = (message: string) => {
    if (process.env.PORTICO_DEBUG_MIGRATIONS) process.stderr.write(`[schema-engine] ${message}\n`);
  };
  const engine = await bindings.SchemaEngine.new(
    { datamodels: [[schemaPath, schemaText]] },
    log,
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  return {
    engine,
    close: async () => {
      engine.free();
      await disposeOpened(takeOpened());
    },
  };
}

export function openSchemaEngine(dbFile: string, schemaPath: string, schemaText: string): Promise<OpenedSchemaEngine> {
  const base = new PrismaBetterSqlite3({ url: `file:${dbFile}` }, { shadowDatabaseUrl: ':memory:' });
  return openSchemaEngineOver(base, schemaPath, schemaText);
}
