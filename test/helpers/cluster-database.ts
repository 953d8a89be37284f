// The one configuration database that the instances of a multi-instance test share, chosen
// in one place: a real PostgreSQL 15 (one server for the file, one database), named to every
// instance by PORTICO_DATABASE_URL. Each instance gets a plain data directory of its own
// (engine files, last good configuration, logs); the key that seals certificate keys and
// credentials in the database is one file, named by PORTICO_SECRET_KEY_FILE, as
// docs/running-several-instances.md tells an operator to do.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '../../core/db/client.ts';
import { startPostgres, type PostgresServer } from './postgres.ts';

export interface ClusterDatabase {
  kind: 'postgres';
  /** A new, empty data directory for the next instance; the first instance to start migrates the database. */
  dataDir(): string;
  /** Environment every instance gets: PORTICO_DATABASE_URL and PORTICO_SECRET_KEY_FILE. */
  env: Record<string, string>;
  /** A client of the shared database, for what the test arranges behind the instances' backs. */
  open(): Promise<Db>;
  /** Runs one statement as the server's administrator in the shared database. */
  query<T extends Record<string, unknown>>(sql: string): Promise<T[]>;
  /** Stops the server; removes its directory, the key and every data directory handed out. */
  cleanup(): Promise<void>;
}

export async function clusterDatabase(): Promise<ClusterDatabase> {
  const server: PostgresServer = await startPostgres();
  // A killed test worker runs no afterAll: the server goes with it all the same.
  server.stopWhenGone(process.pid);
  const url = await server.createDatabase('portico_cluster');
  const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-cluster-key-'));
  const keyFile = path.join(keyDir, 'secret.key');
  fs.writeFileSync(keyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  const dirs: string[] = [keyDir];
  return {
    kind: 'postgres',
    env: { PORTICO_DATABASE_URL: url, PORTICO_SECRET_KEY_FILE: keyFile },
    dataDir() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-node-'));
      dirs.push(dir);
      return dir;
    },
    query: (sql) => server.query(sql, new URL(url).pathname.slice(1)),
    open: () => openDb(dirs[1] ?? keyDir, { databaseUrl: url }),
    async cleanup() {
      await server.destroy();
      for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
