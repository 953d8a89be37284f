// One Prisma client per dashboard process (kept across hot reloads in development).
import { openDb, type Db } from '@/core/db/client.ts';
import { dashboardEnv } from './env.ts';

const globalForDb = globalThis as unknown as { porticoDb?: Promise<Db> };

export function getDb(): Promise<Db> {
  globalForDb.porticoDb ??= openDb(dashboardEnv().dataDir);
  return globalForDb.porticoDb;
}
