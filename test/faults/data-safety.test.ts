// Data safety: the engine keeps serving its last configuration while the database is
// unreadable (and says so; in WAL mode a writer's lock never blocks its reads), never
// follows a database that went back to an older revision, never opens one the supervisor
// put out of service; processes killed mid-write or mid-apply lose no accepted write and
// leave a consistent database.
import fs from 'node:fs';
import path from 'node:path';
import { startEngine } from '../../proxy-engine/engine.ts';
import { readEnv } from '../../core/env.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { clearConfig } from '../../core/db/write-config.ts';
import { integrityProblem } from '../../core/db/backup.ts';
import { createDataDir } from '../helpers/data-dir.ts';
import { testWorkers } from '../helpers/test-workers.ts';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { request } from '../helpers/http-client.ts';
import { signIn, startPortico, type Portico } from '../helpers/portico.ts';
import { waitFor } from '../helpers/ports.ts';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function upstream(): Promise<EchoUpstream> {
  const u = await startEchoUpstream();
  cleanups.push(() => u.close());
  return u;
}

describe('database trouble at the engine', () => {
  it('starts with its last good configuration while the database is unreadable, reports it, and recovers', async () => {
    const u = await upstream();
    const engine: TestEngine = await startTestEngine();
    await engine.configure({ hosts: [{ serverNames: ['unreadable.test'], locations: [{ path: '/', action: { kind: 'proxy', address: u.address } }] }] });
    const dataDir = engine.dataDir;
    const file = path.join(dataDir, 'portico.db');
    await engine.engine.stop();
    await engine.db.$disconnect();
    const original = fs.readFileSync(file);
    // Damage the header, as a disk fault would, then start a new engine on it.
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(100, 0x41), 0, 100, 0);
    fs.closeSync(fd);
    const restarted = await startEngine(readEnv({ PORTICO_DATA_DIR: dataDir, PORTICO_HTTP_PORT: '0', PORTICO_HTTPS_PORT: '0', PORTICO_CONTROL_PORT: '0', PORTICO_WORKERS: testWorkers() }));
    cleanups.push(async () => {
      await restarted.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    expect(restarted.applier.status().databaseError).toBeTruthy();
    expect((await request(restarted.ports.http, '/', { headers: { host: 'unreadable.test' } })).status).toBe(200);
    // Repaired: the engine reads the database again.
    fs.writeFileSync(file, original);
    await restarted.applier.check(true);
    expect(restarted.applier.status().databaseError).toBeNull();
    expect((await request(restarted.ports.http, '/', { headers: { host: 'unreadable.test' } })).status).toBe(200);
  }, 30_000);
});

describe('a database that went back in time', () => {
  it('keeps serving its revision, reports it, and never overwrites the last good copy with an older or empty revision', async () => {
    const u = await upstream();
    const engine: TestEngine = await startTestEngine();
    cleanups.push(() => engine.stop());
    const hosts = [{ serverNames: ['kept.test'], locations: [{ path: '/', action: { kind: 'proxy', address: u.address } }] }];
    await engine.configure({ hosts });
    await engine.configure({ hosts });
    expect(engine.engine.applier.status().appliedRevision).toBe(2);
    const lastGood = path.join(engine.dataDir, 'last-good-config.json');
    const saved = fs.readFileSync(lastGood);
    // An older copy (revision 1, no hosts), then an emptied one (revision 0), put in place by hand.
    for (const revision of [1, 0]) {
      await engine.db.$transaction(async (tx) => {
        await clearConfig(tx);
        await tx.configState.update({ where: { id: 1 }, data: { revision } });
      });
      await engine.engine.applier.check(true);
      const status = engine.engine.applier.status();
      expect(status.appliedRevision).toBe(2);
      expect(status.databaseError).toMatch(new RegExp(`revision ${revision}, older than the revision in service`));
      expect((await request(engine.port, '/', { headers: { host: 'kept.test' } })).status).toBe(200);
      expect(fs.readFileSync(lastGood).equals(saved)).toBe(true);
    }
    // A rollback is a new, higher revision: it applies and is saved.
    await engine.db.configState.update({ where: { id: 1 }, data: { revision: 3 } });
    await engine.engine.applier.check();
    expect(engine.engine.applier.status()).toMatchObject({ appliedRevision: 3, databaseError: null });
    expect((await request(engine.port, '/', { headers: { host: 'kept.test' } })).status).not.toBe(200);
    expect(JSON.parse(fs.readFileSync(lastGood, 'utf8')).revision).toBe(3);
  }, 30_000);

  it.each([
    { desc: 'zero bytes', damage: (file: string) => fs.truncateSync(file, 0) },
    { desc: 'missing', damage: (file: string) => fs.rmSync(file) },
  ])('told the database is out of service ($desc), serves its last good configuration without opening it', async ({ damage }) => {
    const u = await upstream();
    const engine: TestEngine = await startTestEngine();
    await engine.configure({ hosts: [{ serverNames: ['held.test'], locations: [{ path: '/', action: { kind: 'proxy', address: u.address } }] }] });
    const dataDir = engine.dataDir;
    await engine.engine.stop();
    await engine.db.$disconnect();
    const file = path.join(dataDir, 'portico.db');
    for (const suffix of ['-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
    damage(file);
    const lastGood = fs.readFileSync(path.join(dataDir, 'last-good-config.json'));
    const before = fs.readdirSync(dataDir).sort();
    const held = await startEngine(
      readEnv({ PORTICO_DATA_DIR: dataDir, PORTICO_HTTP_PORT: '0', PORTICO_HTTPS_PORT: '0', PORTICO_CONTROL_PORT: '0', PORTICO_DATABASE_INCIDENT: 'the database file is empty', PORTICO_WORKERS: testWorkers() }),
    );
    cleanups.push(() => Promise.resolve(fs.rmSync(dataDir, { recursive: true, force: true })));
    expect((await request(held.ports.http, '/', { headers: { host: 'held.test' } })).status).toBe(200);
    expect(held.applier.status().databaseError).toMatch(/not opened: the database file is empty/);
    await held.applier.check(true);
    await held.stop();
    // Not created, not written: the files are as they were (the engine adds only its info file).
    expect(fs.readdirSync(dataDir).sort().filter((f) => f !== 'engine.json')).toEqual(before.filter((f) => f !== 'engine.json'));
    if (fs.existsSync(file)) expect(fs.statSync(file).size).toBe(0);
    expect(fs.readFileSync(path.join(dataDir, 'last-good-config.json')).equals(lastGood)).toBe(true);
  }, 30_000);
});

describe('a damaged last good copy', () => {
  it.each([
    { desc: 'torn', text: '{"revision": 5, "hosts": [' },
    { desc: 'missing fields', text: '{"revision": 7, "hosts": []}' },
    { desc: 'objects that no longer compile', text: '{"revision": 5, "settings": {}, "hosts": [{"bogus": true}], "pools": [], "errors": [], "limitZones": [], "cacheZones": []}' },
  ])('($desc) does not keep the engine from starting', async ({ text }) => {
    const data = await createDataDir('portico-lastgood-');
    cleanups.push(async () => data.cleanup());
    fs.writeFileSync(path.join(data.dir, 'last-good-config.json'), text);
    const engine = await startEngine(
      readEnv({ PORTICO_DATA_DIR: data.dir, PORTICO_HTTP_PORT: '0', PORTICO_HTTPS_PORT: '0', PORTICO_CONTROL_PORT: '0', PORTICO_DATABASE_INCIDENT: 'damaged', PORTICO_WORKERS: testWorkers() }),
    );
    cleanups.push(() => engine.stop());
    expect(engine.applier.status().databaseError).toMatch(/not opened: damaged/);
    expect((await request(engine.ports.http, '/', { headers: { host: 'any.test' } })).status).toBe(404);
  });
});

describe('processes killed at the worst moment', () => {
  let portico: Portico;

  it('loses no acknowledged write when the dashboard is killed mid-write, and the database stays consistent', async () => {
    portico = await startPortico();
    cleanups.push(() => portico.stop());
    const api = await signIn(portico.dashboard);
    const acknowledged: string[] = [];
    let killed = false;
    const writer = (async () => {
      for (let i = 0; i < 400 && !killed; i++) {
        try {
          const res = await api.call('POST', '/api/v1/hosts', { serverNames: [`w${i}.test`], locations: [{ path: '/', action: { kind: 'return', status: 200, body: String(i) } }] });
          if (res.status === 201) acknowledged.push(`w${i}.test`);
        } catch {
          // the dashboard is gone mid-request: this write is not acknowledged
        }
      }
    })();
    await waitFor('some writes', async () => acknowledged.length >= 5, 20000, 20);
    const dashboardPid = findDashboardPid(portico);
    process.kill(dashboardPid, 'SIGKILL');
    killed = true;
    await writer;
    expect(integrityProblem(path.join(portico.dataDir, 'portico.db'))).toBeNull();
    // The supervisor brings the dashboard back; every acknowledged write is there, whole.
    const again = await waitFor('the dashboard to come back', async () => signIn(portico.dashboard).catch(() => null), 30000, 200);
    const hosts = (await again.call('GET', '/api/v1/hosts')).json.hosts as { serverNames: string[]; locations: unknown[] }[];
    const names = new Set(hosts.flatMap((h) => h.serverNames));
    for (const name of acknowledged) expect(names.has(name), name).toBe(true);
    for (const h of hosts) expect(h.locations).toHaveLength(1);
  }, 90_000);

  it('serves the last committed revision after the engine is killed right after a write', async () => {
    const u = await upstream();
    const api = await signIn(portico.dashboard);
    const res = await api.call('POST', '/api/v1/hosts', { serverNames: ['mid-apply.test'], locations: [{ path: '/', action: { kind: 'proxy', address: u.address } }] });
    const revision = res.json.apply.revision;
    process.kill(portico.enginePid(), 'SIGKILL');
    await waitFor('the restarted engine to serve the write', async () => {
      const r = await request(portico.ports.http, '/', { headers: { host: 'mid-apply.test' } }).catch(() => null);
      return r?.status === 200;
    }, 20000);
    const status = await api.call('GET', '/api/v1/engine/status');
    expect(status.json.appliedRevision).toBeGreaterThanOrEqual(revision);
  }, 60_000);
});

/** The dashboard is the supervisor's child running scripts/dashboard-server.ts. */
function findDashboardPid(portico: Portico): number {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (cmdline.includes('dashboard-server.ts') && ppid === portico.process.pid) return Number(entry);
    } catch {
      // the process ended meanwhile
    }
  }
  throw new Error('dashboard process not found');
}
