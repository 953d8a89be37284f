// prisma/schema.prisma is the one source of Portico's models; the PostgreSQL schema is
// derived from it (same models, provider postgresql, its own generated client), so the
// two cannot drift by hand. `npm run db:migrate -- <name>` rewrites it with each migration.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths.ts';

export const SQLITE_SCHEMA = path.join(ROOT, 'prisma/schema.prisma');
export const POSTGRES_SCHEMA = path.join(ROOT, 'prisma/postgresql/schema.prisma');
export const POSTGRES_MIGRATIONS = path.join(ROOT, 'prisma/postgresql/migrations');

const HEADER = [
  '// GENERATED from prisma/schema.prisma by scripts/lib/postgres-schema.ts: do not edit.',
  '// Change prisma/schema.prisma, then `npm run db:migrate -- <name>` (both databases).',
  '',
].join('\n');

function replaceOnce(text: string, pattern: RegExp, replacement: string, what: string): string {
  if (!pattern.test(text)) throw new Error(`prisma/schema.prisma: ${what} not found; the PostgreSQL schema cannot be derived`);
  return text.replace(pattern, replacement);
}

/**
 * The PostgreSQL schema for a SQLite schema's text. No type mapping is needed for the
 * types Portico uses (String, Int, BigInt, Boolean, DateTime, Json, enums): Prisma maps
 * each to its PostgreSQL type (text, integer, bigint, boolean, timestamp(3), jsonb, enum).
 */
export function postgresSchemaText(sqliteSchema: string): string {
  let text = replaceOnce(sqliteSchema, /provider\s*=\s*"sqlite"/, 'provider = "postgresql"', 'the sqlite datasource');
  text = replaceOnce(text, /output\s*=\s*"\.\.\/core\/db\/generated"/, 'output              = "../../core/db/generated-postgres"', 'the client output');
  return HEADER + text;
}

/** Writes prisma/postgresql/schema.prisma; true when it changed. */
export function writePostgresSchema(): boolean {
  const text = postgresSchemaText(fs.readFileSync(SQLITE_SCHEMA, 'utf8'));
  const current = fs.existsSync(POSTGRES_SCHEMA) ? fs.readFileSync(POSTGRES_SCHEMA, 'utf8') : null;
  if (current === text) return false;
  fs.mkdirSync(path.dirname(POSTGRES_SCHEMA), { recursive: true });
  fs.writeFileSync(POSTGRES_SCHEMA, text);
  return true;
}
