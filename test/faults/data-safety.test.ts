// Data safety: the engine keeps serving its last configuration while the database is
// unreadable (and says so; in WAL mode a writer's lock never blocks its reads); processes killed mid-write or mid-apply lose no
// accepted write and leave a consistent database.
import fs from 'node:fs';
import path from 'node:path';
import { startEngine } from '../../proxy-engine/engine.ts';
import { readEngineEnv } from '../../proxy-engine/env.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { integrityProblem } from '../../scripts/lib/backup.ts';
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
    const restarted = await startEngine(readEngineEnv({ PORTICO_DATA_DIR: dataDir, PORTICO_HTTP_PORT: '0', PORTICO_HTTPS_PORT: '0', PORTICO_CONTROL_PORT: '0' }));
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
