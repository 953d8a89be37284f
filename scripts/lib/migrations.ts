// Create and deploy migrations without Prisma's native CLI engine (see schema-engine.ts).
// Used by `npm run db:migrate -- <name>`, `npm run db:deploy` and the supervisor.
import fs from 'node:fs';
import path from 'node:path';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import { openSchemaEngine } from './schema-engine.ts';
import { openPostgresSchemaEngine } from './postgres-schema-engine.ts';
import { appliedPostgresMigrations } from './postgres-migrations.ts';

export interface MigrationPaths {
  dbFile: string;
  /** PostgreSQL instead of dbFile (PORTICO_DATABASE_URL); then schemaPath and migrationsDir are PostgreSQL's. */
  databaseUrl?: string;
  schemaPath: string;
  migrationsDir: string;
}

const NO_FILTER = { externalTables: [], externalEnums: [] };
const LOCKFILE = 'migration_lock.toml';

function listMigrations(migrationsDir: string): MigrationList {
  fs.mkdirSync(migrationsDir, { recursive: true });
  const lockPath = path.join(migrationsDir, LOCKFILE);
  const dirs = fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  return {
    baseDir: migrationsDir,
    lockfile: { path: LOCKFILE, content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: dirs.map((dir) => {
      const file = path.join(migrationsDir, dir, 'migration.sql');
      return {
        path: dir,
        migrationFile: {
          path: 'migration.sql',
          content: fs.existsSync(file)
            ? { tag: 'ok', value: fs.readFileSync(file, 'utf8') }
            : { tag: 'error', value: `missing ${file}` },
        },
      };
    }),
  };
}

async function withEngine<T>(paths: MigrationPaths, run: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const schemaText = fs.readFileSync(paths.schemaPath, 'utf8');
  if (!paths.databaseUrl) fs.mkdirSync(path.dirname(paths.dbFile), { recursive: true });
  const opened = paths.databaseUrl
    ? await openPostgresSchemaEngine(paths.databaseUrl, paths.schemaPath, schemaText)
    : await openSchemaEngine(paths.dbFile, paths.schemaPath, schemaText);
  try {
    return await run(opened.engine);
  } finally {
    await opened.close();
  }
}

/** Applies every pending migration; returns the names applied. */
export async function deployMigrations(paths: MigrationPaths): Promise<string[]> {
  return withEngine(paths, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList: listMigrations(paths.migrationsDir), filters: NO_FILTER });
    return out.appliedMigrationNames;
  });
}

/** The migrations this code knows, oldest first. */
export function migrationNames(migrationsDir: string): string[] {
  return listMigrations(migrationsDir).migrationDirectories.map((d) => d.path);
}

/** Migration names whose directories exist but are not yet applied to the database. */
export async function pendingMigrations(paths: MigrationPaths): Promise<string[]> {
  const all = migrationNames(paths.migrationsDir);
  if (paths.databaseUrl) {
    const applied = await appliedPostgresMigrations(paths.databaseUrl);
    return all.filter((name) => !applied.has(name));
  }
  if (!fs.existsSync(paths.dbFile)) return all;
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(paths.dbFile, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='_prisma_migrations'").get();
    if (!table) return all;
    const rows = db
      .prepare('SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL')
      .all() as { name: string }[];
    const applied = new Set(rows.map((r) => r.name));
    return all.filter((name) => !applied.has(name));
  } finally {
    db.close();
  }
}

/** A timestamp strictly after every existing migration's, as the engine requires. */
function nextTimestamp(migrationsDir: string, now: Date): string {
  const stamp = (d: Date) => d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const existing = fs.existsSync(migrationsDir)
    ? fs.readdirSync(migrationsDir).map((n) => n.slice(0, 14)).filter((s) => /^\d{14}$/.test(s)).sort()
    : [];
  const latest = existing[existing.length - 1];
  if (latest === undefined || stamp(now) > latest) return stamp(now);
  // One second after the latest existing migration.
  const t = latest;
  const parsed = new Date(`${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T${t.slice(8, 10)}:${t.slice(10, 12)}:${t.slice(12, 14)}Z`);
  return stamp(new Date(parsed.getTime() + 1000));
}

/**
 * Creates a migration from the difference between the migrations directory and the
 * schema. Returns the directory name, or null when the schema has no changes.
 */
export async function createMigration(paths: MigrationPaths, name: string, now = new Date()): Promise<string | null> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`migration name "${name}" must be lowercase letters, digits and _`);
  return withEngine(paths, async (engine) => {
    const migrationsList = listMigrations(paths.migrationsDir);
    // devDiagnostic fails (P1014) on a database that has never had migrations applied.
    await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
    // createMigration relies on the shadow database that devDiagnostic builds.
    const diagnostic = await engine.devDiagnostic({ migrationsList, filters: NO_FILTER });
    if (diagnostic.action.tag === 'reset') {
      throw new Error(`the database has drifted from the migrations: ${JSON.stringify(diagnostic.action)}`);
    }
    const out = await engine.createMigration({
      draft: false,
      migrationName: name,
      migrationsList,
      schema: { files: [{ path: paths.schemaPath, content: fs.readFileSync(paths.schemaPath, 'utf8') }] },
      filters: NO_FILTER,
    });
    if (!out.migrationScript) return null;
    const dirName = `${nextTimestamp(paths.migrationsDir, now)}_${name}`;
    const dir = path.join(paths.migrationsDir, dirName);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `migration.${out.extension}`), out.migrationScript);
    const lockPath = path.join(paths.migrationsDir, LOCKFILE);
    if (!fs.existsSync(lockPath)) {
      fs.writeFileSync(lockPath, `# Please do not edit this file manually\nprovider = "${out.connectorType}"\n`);
    }
    return dirName;
  });
}
