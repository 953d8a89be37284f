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
const engine = await startEngine(env, { log });
log.info(`serving http on :${engine.ports.http}, https on :${engine.ports.https}, control on 127.0.0.1:${engine.ports.control}, revision ${engine.applier.status().appliedRevision}`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info(`${signal}: finishing in-flight requests`);
  const force = setTimeout(() => process.exit(0), 10_000);
  force.unref();
  await engine.stop();
  process.exit(0);
}
// logrotate's convention (as for nginx): it has moved the log files; write new ones.
process.on('SIGUSR1', () => {
  engine.reopenLogs().then(
    () => log.info('SIGUSR1: log files reopened'),
    (error: unknown) => log.error(`SIGUSR1: reopening the log files failed: ${(error as Error).message}`),
  );
});
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
