// An engine started in-process on ephemeral ports with a configuration written straight
// into its database (no dashboard), for engine-level tests.
import { HostInput } from '../../core/config/host.ts';
import type { AccessListConfig } from '../../core/config/access-list.ts';
import { replaceAccessLists } from '../../core/db/write-access-lists.ts';
import { PoolInput } from '../../core/config/pool.ts';
import { CacheZoneInput, LimitZoneInput } from '../../core/config/zones.ts';
import { StreamInput } from '../../core/config/stream.ts';
import { openDb, type Db } from '../../core/db/client.ts';
import { startEngine, type EngineHandle } from '../../proxy-engine/engine.ts';
import { testSharedState } from './shared-state.ts';
import { readEnv } from '../../core/env.ts';
import type { Prisma } from '../../core/db/generated/client.ts';
import { clearConfig, createConfigObjects } from '../../core/db/write-config.ts';
import { createDataDir } from './data-dir.ts';
import { testWorkers } from './test-workers.ts';

export interface TestEngine {
  engine: EngineHandle;
  db: Db;
  dataDir: string;
  port: number;
  /** Replaces hosts, pools, limit zones and streams (pool names in action.poolId and a stream's poolId are resolved) and applies. */
  configure(config: { hosts: unknown[]; pools?: unknown[]; limitZones?: unknown[]; cacheZones?: unknown[]; streams?: unknown[]; settings?: Record<string, unknown>; accessLists?: AccessListConfig[] }): Promise<void>;
  /** Stops the engine (a test may stop it first, e.g. to read what it wrote on the way out) and removes the data. */
  stop(): Promise<void>;
}

const json = (v: unknown) => v as Prisma.InputJsonValue;

/** `env`: extra engine variables (e.g. PORTICO_STREAM_DRAIN_MS). */
export async function startTestEngine(env: Record<string, string> = {}): Promise<TestEngine> {
  const data = await createDataDir('portico-engine-');
  const engine = await startEngine(readEnv({ PORTICO_DATA_DIR: data.dir, PORTICO_HTTP_PORT: '0', PORTICO_HTTPS_PORT: '0', PORTICO_CONTROL_PORT: '0', PORTICO_WORKERS: testWorkers(), ...env }), testSharedState());
  const db = await openDb(data.dir);
  let stopped: Promise<void> | null = null;
  const stopEngine = () => (stopped ??= engine.stop());
  return {
    engine: { ...engine, stop: stopEngine },
    db,
    dataDir: data.dir,
    port: engine.ports.http,
    async configure(config) {
      await db.$transaction(async (tx) => {
        await clearConfig(tx);
        await createConfigObjects(tx, { hosts: config.hosts.map((h) => HostInput.parse(h)), pools: (config.pools ?? []).map((p) => PoolInput.parse(p)), cacheZones: (config.cacheZones ?? []).map((z) => CacheZoneInput.parse(z)), limitZones: (config.limitZones ?? []).map((z) => LimitZoneInput.parse(z)), streams: (config.streams ?? []).map((s) => StreamInput.parse(s)) });
        await replaceAccessLists(tx, config.accessLists ?? []);
        if (config.settings) await tx.setting.upsert({ where: { key: 'global' }, create: { key: 'global', value: json(config.settings) }, update: { value: json(config.settings) } });
        await tx.configState.upsert({ where: { id: 1 }, create: { id: 1, revision: 1 }, update: { revision: { increment: 1 } } });
      });
      await engine.applier.check();
    },
    async stop() {
      await stopEngine();
      await db.$disconnect();
      data.cleanup();
    },
  };
}

/** Sends raw bytes and returns everything the server wrote before closing (or the timeout). */
export function rawExchange(port: number, text: string | Buffer, timeoutMs = 2000): Promise<string> {
  return import('node:net').then(
    ({ default: net }) =>
      new Promise<string>((resolve) => {
        const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
        let out = '';
        const done = () => resolve(out);
        socket.setEncoding('latin1');
        socket.on('data', (d: string) => (out += d));
        socket.on('close', done);
        socket.on('error', () => {});
        setTimeout(() => socket.destroy(), timeoutMs);
      }),
  );
}
