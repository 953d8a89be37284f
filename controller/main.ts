// The controller process (started and restarted by the supervisor, scripts/start.ts; also
// runnable alone: `node controller/main.ts`). Plain Node: it imports only core/, by relative
// paths.
import { createEngineClient } from '../core/contract/engine-client.ts';
import { openDb } from '../core/db/client.ts';
import { leaseHolderId } from '../core/db/lease.ts';
import { EnvError, readEnv } from '../core/env.ts';
import { startController } from './controller.ts';
import { log } from './log.ts';

let env;
try {
  env = readEnv();
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  log.fatal(error.message);
  process.exit(1);
}

const db = await openDb(env.dataDir);
const controller = startController({ db, engine: createEngineClient(env.dataDir), holder: leaseHolderId(), renewCheckMs: env.PORTICO_ACME_RENEW_CHECK_MS, dataDir: env.dataDir });
log.info(`started (pid ${process.pid}); waiting for the controller lease`);

async function shutdown(signal: NodeJS.Signals): Promise<void> {
  log.info(`${signal}: stopping`);
  // Given up at once, so another instance need not wait for it to expire.
  await controller.stop();
  await db.$disconnect().catch(() => undefined);
  process.exit(0);
}
process.once('SIGINT', (signal) => void shutdown(signal));
process.once('SIGTERM', (signal) => void shutdown(signal));
