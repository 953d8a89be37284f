// The engine process: `node proxy-engine/main.ts` (npm run engine). Started by the
// supervisor (scripts/start.ts) with the regex flag below; runs alone just as well.
import { readEnv } from '../core/env.ts';
import { startEngine } from './engine.ts';

// Everything the engine creates in the data directory (database files, last good
// configuration, logs, cache) is for this user alone, whatever umask it was started with.
process.umask(0o077);

const env = readEnv();
const engine = await startEngine(env);
console.log(`[engine] serving http on :${engine.ports.http}, https on :${engine.ports.https}, control on 127.0.0.1:${engine.ports.control}, revision ${engine.applier.status().appliedRevision}`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`[engine] ${signal}: finishing in-flight requests`);
  const force = setTimeout(() => process.exit(0), 10_000);
  force.unref();
  await engine.stop();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
