// The controller process (started and restarted by the supervisor, scripts/start.ts; also
// runnable alone: `node controller/main.ts`). Plain Node: it imports only core/, by relative
// paths.
import { createEngineClient } from '../core/contract/engine-client.ts';
import { openDb } from '../core/db/client.ts';
import { leaseHolderId } from '../core/db/lease.ts';
import os from 'node:os';
import { EnvError, nodeName, readEnv, roleRuns } from '../core/env.ts';
import { startNodeHeartbeat } from './node-heartbeat.ts';
import { porticoVersion } from '../core/version.ts';
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
const holder = leaseHolderId();
const engine = createEngineClient(env.dataDir);
const controller = startController({ db, engine, holder, renewCheckMs: env.PORTICO_ACME_RENEW_CHECK_MS, dataDir: env.dataDir });
const name = nodeName(env);
// The instance's start (the supervisor's, passed down), so a restarted controller does not reset it.
const instanceStart = Number(process.env.PORTICO_INSTANCE_STARTED_AT);
const node = startNodeHeartbeat({
  db,
  engine: roleRuns(env.PORTICO_ROLE).engine ? engine : null,
  identity: { name, role: env.PORTICO_ROLE, instanceId: process.env.PORTICO_INSTANCE_ID || holder, controllerId: holder, hostname: os.hostname(), version: porticoVersion(), startedAt: new Date(Number.isFinite(instanceStart) && instanceStart > 0 ? instanceStart : Date.now()) },
  active: () => controller.active(),
  log,
});
log.info(`started (pid ${process.pid}) as node ${name} (role ${env.PORTICO_ROLE}); waiting for the controller lease`);

async function shutdown(signal: NodeJS.Signals): Promise<void> {
  log.info(`${signal}: stopping`);
  // Given up at once, so another instance need not wait for it to expire.
  await node.stop();
  await controller.stop();
  await db.$disconnect().catch(() => undefined);
  process.exit(0);
}
process.once('SIGINT', (signal) => void shutdown(signal));
process.once('SIGTERM', (signal) => void shutdown(signal));
