// SQLite shared on one machine plus PORTICO_REDIS_URL: a revision committed by a process
// that pings no engine (a dashboard-only instance, the controller, the `portico` command)
// is announced on the Redis revision bus, and the engine applies it on that announcement.
// The proof is the engine's own count of announcements heard (GET /status), not timing.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../core/db/client.ts';
import { createHost } from '../../core/db/host.ts';
import { HostInput } from '../../core/config/host.ts';
import { readControlToken } from '../../core/contract/control-token.ts';
import { request } from '../helpers/http-client.ts';
import { instanceDataDir, killAllInstances, startInstance, type PorticoInstance } from '../helpers/portico-instance.ts';
import { waitFor } from '../helpers/ports.ts';
import { hasRedisServer, startTestRedis, type TestRedis } from '../helpers/redis.ts';

interface Announcements {
  heard: number;
  lastRevision: number | null;
}

let redis: TestRedis;
let engine: PorticoInstance;
let writerDir: string;
let writer: Db;

const announcements = async (): Promise<Announcements> => {
  const res = await fetch(`http://127.0.0.1:${engine.ports.control}/status`, { headers: { authorization: `Bearer ${readControlToken(engine.dataDir)}` } });
  return ((await res.json()) as { revisionAnnouncements: Announcements }).revisionAnnouncements;
};
const served = (host: string) => request(engine.ports.http, '/', { headers: { host } }).then((r) => (r.status === 200 ? r.body : null), () => null);

beforeAll(async () => {
  if (!hasRedisServer) return;
  redis = await startTestRedis();
  // The engine-only instance creates and migrates the database at its start; the writer's
  // data directory points at that file, as a second instance on the machine would.
  engine = await startInstance({ name: 'edge', role: 'engine', dataDir: instanceDataDir(null), env: { PORTICO_REDIS_URL: redis.url, PORTICO_WORKERS: '1' } });
  // The writer: the database client every writing process opens, with the instances' environment.
  writerDir = instanceDataDir(path.join(engine.dataDir, 'portico.db'));
  process.env.PORTICO_REDIS_URL = redis.url;
  try {
    writer = await openDb(writerDir);
  } finally {
    delete process.env.PORTICO_REDIS_URL;
  }
}, 120_000);
afterAll(async () => {
  await writer?.$disconnect();
  killAllInstances();
  await redis?.stop();
  for (const d of [engine?.dataDir, writerDir]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

describe.skipIf(!hasRedisServer)('revision announcements on SQLite with Redis', () => {
  it('announces each committed revision on the Redis revision bus; the engine hears it and serves the write', async () => {
    const before = await waitFor('the engine to subscribe', async () => (await announcements()) ?? null, 10_000, 100);
    expect(before.heard).toBe(0);
    for (let i = 1; i <= 3; i++) {
      const host = `announced-${i}.test`;
      const { revision } = await createHost(writer, HostInput.parse({ serverNames: [host], locations: [{ path: '/', action: { kind: 'return', status: 200, body: `write ${i}` } }] }), { principal: null });
      const heard = await waitFor(`the announcement of revision ${revision}`, async () => {
        const now = await announcements();
        return now.lastRevision === revision ? now : null;
      }, 10_000, 50);
      expect(heard.heard).toBe(i);
      expect(await waitFor(`the engine to serve ${host}`, () => served(host), 10_000, 50)).toBe(`write ${i}`);
    }
  }, 60_000);

  it('announces nothing for a transaction that bumps no revision, nor for one that fails', async () => {
    const before = await announcements();
    await writer.$transaction(async (tx) => tx.setting.findMany());
    await expect(
      createHost(writer, HostInput.parse({ serverNames: ['announced-1.test'], locations: [{ path: '/', action: { kind: 'return', status: 200, body: 'duplicate' } }] }), { principal: null }),
    ).rejects.toThrow();
    // A later announced write shows the two above sent nothing: it is heard as the next one.
    const { revision } = await createHost(writer, HostInput.parse({ serverNames: ['announced-after.test'], locations: [{ path: '/', action: { kind: 'return', status: 200, body: 'after' } }] }), { principal: null });
    const heard = await waitFor('the next announcement', async () => {
      const now = await announcements();
      return now.lastRevision === revision ? now : null;
    }, 10_000, 50);
    expect(heard.heard).toBe(before.heard + 1);
  }, 30_000);
});
