// The one configuration database that the instances of a multi-instance test share, chosen
// in one place. Today: SQLite, shared on one machine by pointing each instance's
// portico.db at the first instance's file (test/helpers/portico-instance.ts). A PostgreSQL
// variant only has to return PORTICO_DATABASE_URL in `env` and plain data directories.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openDb, type Db } from '../../core/db/client.ts';
import { secretKeyPath } from '../../core/tls/secret-box.ts';
import { instanceDataDir } from './portico-instance.ts';

export interface ClusterDatabase {
  kind: 'sqlite';
  /** A new data directory for the next instance (with the installation's secret.key); the first one's instance creates the database. */
  dataDir(): string;
  /** Environment every instance gets for the database (empty for SQLite). */
  env: Record<string, string>;
  /** A client of the shared database, for what the test arranges behind the instances' backs. */
  open(): Promise<Db>;
  /** Removes every data directory handed out. */
  cleanup(): void;
}

export function clusterDatabase(): ClusterDatabase {
  const dirs: string[] = [];
  const secret = randomBytes(32).toString('base64');
  return {
    kind: 'sqlite',
    env: {},
    dataDir() {
      const dir = instanceDataDir(dirs.length === 0 ? null : path.join(dirs[0]!, 'portico.db'));
      // Keys in the database are sealed with secret.key: every instance gets the same one.
      fs.writeFileSync(secretKeyPath(dir), `${secret}\n`, { mode: 0o600 });
      dirs.push(dir);
      return dir;
    },
    open: () => openDb(dirs[0]!),
    cleanup() {
      for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
