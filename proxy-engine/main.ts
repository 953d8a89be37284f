// The engine process: `node proxy-engine/main.ts` (npm run engine). Started by the
// supervisor (scripts/start.ts) with the regex flag below; runs alone just as well.
import { readEnv } from '../core/env.ts';
import { startEngine } from './engine.ts';
import { createLogger, logProcessWarnings } from '../core/log/logger.ts';

const log = createLogger('engine');
logProcessWarnings(log);

// Everything the engine creates in the data directory (database files, last good
// configuration, logs, cache) is for this user alone, whatever umask it was started with.
process.umask(0o077);

const env = readEnv();
// The supervisor tells an engine started with the database out of service when it is back
// (scripts/start.ts, over the IPC channel it opens); a message may come while starting.
let databaseBack = false;
let engine: Awaited<ReturnType<typeof startEngine>> | null = null;
function putDatabaseInService(): void {
  if (!engine) return;
  engine.databaseInService().then(
    (switched) => {
      if (switched) log.info(`the database is in service: configuration revision ${engine!.applier.status().appliedRevision} applied`);
    },
    (error: unknown) => log.error(`putting the database in service failed: ${(error as Error).message}`),
  );
}
process.on('message', (message: { type?: string }) => {
  if (message?.type !== 'database-in-service') return;
  databaseBack = true;
  putDatabaseInService();
});
// The IPC channel must not keep a stopping engine alive.
process.channel?.unref();
engine = await startEngine(env, { log });
if (databaseBack) putDatabaseInService();
log.info(`serving http on :${engine.ports.http}, https on :${engine.ports.https}, control on 127.0.0.1:${engine.ports.control}, revision ${engine.applier.status().appliedRevision}`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info(`${signal}: finishing in-flight requests`);
  const force = setTimeout(() => process.exit(0), 10_000);
  force.unref();
  await engine!.stop();
  process.exit(0);
}
// logrotate's convention (as for nginx): it has moved the log files; write new ones.
process.on('SIGUSR1', () => {
  engine!.reopenLogs().then(
    () => log.info('SIGUSR1: log files reopened'),
    (error: unknown) => log.error(`SIGUSR1: reopening the log files failed: ${(error as Error).message}`),
  );
});
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
