// portico backup [file] and portico restore <file>: the same online backup as
// `npm run backup` and the dashboard, and the same restore as `npm start -- --restore`
// (the current database is moved aside, never deleted). A restore needs Portico stopped:
// it claims the data directory the way the supervisor does, so neither can start meanwhile.
import path from 'node:path';
import { backupDatabase, backupDatabaseTo } from '../core/db/backup.ts';
import { restoreFromBackup } from '../core/db/database-recovery.ts';
import { claimDataDir } from '../core/db/supervisor-lock.ts';
import { databaseUrlFromEnv } from '../core/db/database-url.ts';
import { ROOT, type CliContext } from './cli-context.ts';
import { CliError, usageError } from './cli-error.ts';

export async function backup(ctx: CliContext, args: string[]): Promise<void> {
  if (args.length > 1 || args.some((a) => a.startsWith('--'))) throw usageError('usage: portico backup [file]');
  await ctx.openDb(); // only to say clearly when there is no database
  const file = args[0] ? await backupDatabaseTo(ctx.dbFile, path.resolve(args[0])) : await backupDatabase(ctx.dbFile, ctx.dataDir, 'manual');
  ctx.out(file);
  process.stderr.write(`backup written to ${file} (integrity check ok)\n`);
}

export async function restore(ctx: CliContext, args: string[]): Promise<void> {
  if (args.length !== 1 || args[0]!.startsWith('--')) throw usageError('usage: portico restore <file>');
  // The SQLite file in the data directory is not the database then: copy the backup into PostgreSQL instead.
  if (databaseUrlFromEnv()) throw new CliError(`with PORTICO_DATABASE_URL set, restore with: npm run db:copy -- --from ${path.resolve(args[0]!)} --to <the PostgreSQL URL> --force (stop Portico first)`);
  const holder = claimDataDir(ctx.dataDir);
  if (holder !== null) {
    throw new CliError(`Portico is running on ${ctx.dataDir} (supervisor pid ${holder}): stop it first, or restore from the dashboard (Import → Restore)`);
  }
  try {
    const aside = await restoreFromBackup(args[0]!, { dbFile: ctx.dbFile, migrationsDir: path.join(ROOT, 'prisma/migrations') }, ctx.dataDir);
    ctx.out(`restored ${path.resolve(args[0]!)}; the previous ${aside.moved.join(', ') || 'files'} are in ${aside.dir}`);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}
