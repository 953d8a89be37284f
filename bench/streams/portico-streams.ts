// Portico's engine with two TCP streams, a process of its own for the bench:
// argv: <throughput port> <greet port> <upstream throughput port> <upstream greet port>.
import { StreamInput } from '../../core/config/stream.ts';
import { openDb } from '../../core/db/client.ts';
import { streamData } from '../../core/db/write-config.ts';
import { readEnv } from '../../core/env.ts';
import { startEngine } from '../../proxy-engine/engine.ts';
import { createDataDir } from '../../test/helpers/data-dir.ts';

const [port, greetPort, upstreamPort, upstreamGreetPort] = process.argv.slice(2);
const data = await createDataDir('portico-bench-streams-');
const engine = await startEngine(readEnv({ PORTICO_DATA_DIR: data.dir, PORTICO_HTTP_PORT: '0', PORTICO_HTTPS_PORT: '0', PORTICO_CONTROL_PORT: '0', PORTICO_BIND_ADDRESS: '127.0.0.1', PORTICO_STATS: 'off', PORTICO_WORKERS: '1' }));
const db = await openDb(data.dir);
await db.stream.create({ data: streamData(StreamInput.parse({ name: 'throughput', listenPort: Number(port), address: `127.0.0.1:${upstreamPort}` })) });
await db.stream.create({ data: streamData(StreamInput.parse({ name: 'greet', listenPort: Number(greetPort), address: `127.0.0.1:${upstreamGreetPort}` })) });
await db.configState.upsert({ where: { id: 1 }, create: { id: 1, revision: 1 }, update: { revision: { increment: 1 } } });
await engine.applier.check();
console.log('ready');
process.on('SIGTERM', async () => {
  await engine.stop();
  data.cleanup();
  process.exit(0);
});
