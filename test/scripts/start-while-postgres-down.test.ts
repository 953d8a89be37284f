// An instance started while its PostgreSQL is down leaves its incident mode by itself once
// the server answers again: the engine serves its last good configuration throughout (the
// same process: no restart, every request answered), then applies the revision written
// while it was away; the recovery page gives way to the dashboard, which takes writes.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../core/db/client.ts';
import { createHost, replaceHost } from '../../core/db/host.ts';
import { HostInput } from '../../core/config/host.ts';
import { engineInfoPath } from '../../proxy-engine/engine.ts';
import { request } from '../helpers/http-client.ts';
import { killAllInstances, instanceDataDir, startInstance, type PorticoInstance } from '../helpers/portico-instance.ts';
import { signIn } from '../helpers/portico.ts';
import { waitFor } from '../helpers/ports.ts';
import { startPostgres, type PostgresServer } from '../helpers/postgres.ts';

const HOST = 'catch-up.test';
const answering = (body: string) => HostInput.parse({ serverNames: [HOST], locations: [{ path: '/', action: { kind: 'return', status: 200, body } }] });
const bodyServed = (instance: PorticoInstance) => request(instance.ports.http, '/', { headers: { host: HOST } }).then((r) => (r.status === 200 ? r.body : `status ${r.status}`), (error: Error) => `no answer: ${error.message}`);
const logText = (instance: PorticoInstance) => instance.logs.join('');
const enginePid = (dataDir: string) => (JSON.parse(fs.readFileSync(engineInfoPath(dataDir), 'utf8')) as { pid: number }).pid;

let server: PostgresServer;
let url: string;
let dataDir: string;
let instance: PorticoInstance | null = null;

beforeAll(async () => {
  server = await startPostgres();
  server.stopWhenGone(process.pid);
  url = await server.createDatabase('portico_catch_up');
  dataDir = instanceDataDir(null);
}, 60_000);
afterAll(async () => {
  killAllInstances();
  await server?.destroy();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('an instance started while PostgreSQL is down', () => {
  it('serves its last good configuration, then catches up and takes writes once the server answers, without a restart', async () => {
    const env = { PORTICO_DATABASE_URL: url, PORTICO_WORKERS: '1' };
    // A first run on the database: the engine saves revision "v1" as its last good configuration.
    const first = await startInstance({ name: 'catch-up', role: 'all', dataDir, env });
    const db = await openDb(dataDir, { databaseUrl: url });
    const { host } = await createHost(db, answering('v1'), { principal: null });
    await waitFor('the first run to serve v1', async () => (await bodyServed(first)) === 'v1', 20_000, 100);
    expect(await first.stop()).toBe(0);
    // Written behind its back (another instance would): the next run must end up serving it.
    await replaceHost(db, host.id, answering('v2'), { principal: null });
    await db.$disconnect();

    await server.stop();
    instance = await startInstance({ name: 'catch-up', role: 'all', dataDir, env, wait: false });
    await waitFor('the incident to be reported', async () => logText(instance!).includes('the database cannot be used'), 60_000, 100);
    await waitFor('the engine to serve the last good configuration', async () => (await bodyServed(instance!)) === 'v1', 60_000, 100);
    const pid = enginePid(dataDir);
    // The recovery page answers on the dashboard's address meanwhile.
    // (The engine can answer before the recovery page listens.)
    const page = await waitFor('the recovery page', () => fetch(instance!.dashboard).catch(() => null), 60_000, 200);
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('database');

    // From here every answer is v1 or v2: the engine never stops serving.
    const answers: string[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) answers.push(await bodyServed(instance!));
    })();
    await server.start();
    await waitFor('the engine to serve the revision written while it was away', async () => (await bodyServed(instance!)) === 'v2', 60_000, 100);
    polling = false;
    await poller;
    expect(new Set(answers.filter((a) => a !== 'v1' && a !== 'v2'))).toEqual(new Set());
    expect(enginePid(dataDir)).toBe(pid);
    expect(logText(instance).match(/answers again: in service without a restart/g)).toHaveLength(1);

    // The dashboard replaced the recovery page and takes writes; the engine applies them.
    const api = await waitFor('the dashboard to sign in', () => signIn(instance!.dashboard).catch(() => null), 60_000, 200);
    const listed = await api.call('GET', '/api/v1/hosts');
    const id = (listed.json.hosts as { id: string; serverNames: string[] }[]).find((h) => h.serverNames[0] === HOST)!.id;
    const replaced = await api.call('PUT', `/api/v1/hosts/${id}`, answering('v3'));
    expect(replaced.status, JSON.stringify(replaced.json)).toBe(200);
    await waitFor('the engine to serve the dashboard write', async () => (await bodyServed(instance!)) === 'v3', 20_000, 100);
    expect(enginePid(dataDir)).toBe(pid);
    // The controller runs now (it needs the database): the node registry lists this node.
    const nodes = await waitFor('the node registry to list this node', async () => {
      const seen = (await api.call('GET', '/api/v1/nodes')).json.nodes as { name: string; status: string }[];
      return seen.some((n) => n.name === 'catch-up' && n.status === 'up') ? seen : null;
    }, 30_000, 200);
    expect(nodes.map((n) => n.name)).toContain('catch-up');
    expect(await instance.stop()).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'portico.db'))).toBe(false);
  }, 240_000);
});
