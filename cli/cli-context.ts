// What every `portico` command works on: the environment (core/env.ts, validated like the
// supervisor does), the data directory, and the database, opened only by the commands that
// need it.
import fs from 'node:fs';
import path from 'node:path';
import { databaseFile, openDb, type Db } from '../core/db/client.ts';
import { EnvError, readEnv, type PorticoEnv } from '../core/env.ts';
import { CliError } from './cli-error.ts';

/** The repository (or image) root: where prisma/migrations is. */
export const ROOT = path.resolve(import.meta.dirname, '..');

export interface CliContext {
  env: PorticoEnv;
  dataDir: string;
  dbFile: string;
  out: (text: string) => void;
  /** stdin's whole text (the password of reset-password, an import read from `-`). */
  readStdin: () => Promise<string>;
  openDb: () => Promise<Db>;
  closeDb: () => Promise<void>;
}

export function cliContext(): CliContext {
  let env: PorticoEnv;
  try {
    env = readEnv();
  } catch (error) {
    if (error instanceof EnvError) throw new CliError(error.message);
    throw error;
  }
  const dbFile = databaseFile(env.dataDir);
  let db: Promise<Db> | null = null;
  return {
    env,
    dataDir: env.dataDir,
    dbFile,
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    async readStdin() {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    openDb() {
      // Opening creates an empty file where there is none: the data directory must be one Portico made.
      // (With PORTICO_DATABASE_URL the database is PostgreSQL's: there is no file to look for.)
      if (!env.PORTICO_DATABASE_URL && !process.env.PORTICO_DATABASE_URL && !fs.existsSync(dbFile)) throw new CliError(`there is no database at ${dbFile} (PORTICO_DATA_DIR=${env.dataDir}): start Portico once, or point PORTICO_DATA_DIR at its data directory`);
      db ??= openDb(env.dataDir);
      return db;
    },
    async closeDb() {
      if (db) await (await db.catch(() => null))?.$disconnect();
    },
  };
}
