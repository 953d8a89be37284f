// Two controllers on one database: exactly one acts. Both processes run `node
// controller/main.ts` as the supervisor starts it; orders are asked for in the database as
// the dashboard asks for them. Only the lease holder starts them; when it is killed
// (SIGKILL: no release, the lease must expire) the other takes over and starts the next.
// The orders are slow on purpose: the preflight asks a DNS server that never answers, so a
// second active controller would have every chance to start the same order too. The node
// registry follows: both listed, the holder marked, the killed one down, a clean stop down at once.
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newProgress } from '../../core/acme/progress.ts';
import { openDb, type Db } from '../../core/db/client.ts';
import type { Prisma } from '../../core/db/generated/client.ts';
import { LEASE_RENEW_MS, LEASE_TTL_MS } from '../../controller/lease-keeper.ts';
import { listNodes } from '../../core/db/node-registry.ts';
import { createDataDir, REPO_ROOT } from '../helpers/data-dir.ts';
import { waitFor } from '../helpers/ports.ts';

interface RunningController {
  child: ChildProcess;
  logs: string[];
  has(line: string | RegExp): boolean;
}

let data: Awaited<ReturnType<typeof createDataDir>>;
let db: Db;
let silentDns: dgram.Socket;
const controllers: RunningController[] = [];

function startController(env: Record<string, string>): RunningController {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'controller/main.ts')], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: string[] = [];
  const collect = (chunk: Buffer) => logs.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const running = { child, logs, has: (line: string | RegExp) => logs.some((l) => (typeof line === 'string' ? l.includes(line) : line.test(l))) };
  controllers.push(running);
  return running;
}

/** A certificate order as POST /api/v1/certificates records it. */
async function askForOrder(name: string): Promise<string> {
  const progress = newProgress('issue', null, null) as unknown as Prisma.InputJsonValue;
  const row = await db.certificate.create({ data: { domains: [name], source: 'ACME', status: 'PENDING', progress, orderRequestedAt: new Date() } });
  return row.id;
}

const started = (c: RunningController, id: string) => c.has(`certificate ${id}: order started`);

let env: Record<string, string>;

beforeAll(async () => {
  data = await createDataDir('portico-controllers-');
  db = await openDb(data.dir);
  silentDns = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => silentDns.bind(0, '127.0.0.1', resolve));
  env = {
    PORTICO_DATA_DIR: data.dir,
    PORTICO_ACME_DNS_SERVERS: `127.0.0.1:${silentDns.address().port}`,
    PORTICO_ACME_DIRECTORY_URL: 'http://127.0.0.1:9/directory',
  };
});

afterAll(async () => {
  for (const c of controllers) c.child.kill('SIGKILL');
  silentDns?.close();
  await db?.$disconnect();
  data?.cleanup();
});

describe('controllers sharing one database', () => {
  it('only the lease holder orders; the other takes over within the lease time when it is killed', async () => {
    const first = startController({ ...env, PORTICO_NODE_NAME: 'ctl-a' });
    await waitFor('the first controller to hold the lease', async () => first.has('active: holding the controller lease'), 20_000);
    const second = startController({ ...env, PORTICO_NODE_NAME: 'ctl-b' });
    await waitFor('the second controller to stand by', async () => second.has('standing by'), 20_000);

    const ids = [await askForOrder('one.lease.test'), await askForOrder('two.lease.test')];
    // Each order runs until its preflight gives up on the silent DNS server (seconds): the
    // standby polls every second meanwhile, and must start none of them.
    for (const id of ids) {
      await waitFor(`certificate ${id} to fail its preflight`, async () => (await db.certificate.findUnique({ where: { id } }))?.status === 'FAILED', 60_000, 200);
    }
    expect(ids.map((id) => [started(first, id), started(second, id)])).toEqual(ids.map(() => [true, false]));
    expect((await db.certificate.findMany({ where: { id: { in: ids } } })).map((c) => c.lastAttemptAt !== null)).toEqual([true, true]);

    // The node registry shows both, the first as the one whose controller acts.
    const nodes = async () => (await listNodes(db)).map((n) => ({ name: n.name, status: n.status, controller: n.controller }));
    expect(await nodes()).toEqual([
      { name: 'ctl-a', status: 'up', controller: true },
      { name: 'ctl-b', status: 'up', controller: false },
    ]);

    const lease = await db.controllerLease.findUniqueOrThrow({ where: { name: 'controller' } });
    expect(lease.holder).toMatch(new RegExp(`:${first.child.pid}:`));
    first.child.kill('SIGKILL');
    const killedAt = Date.now();
    const third = await askForOrder('three.lease.test');
    await waitFor('the second controller to take over', async () => second.has('active: holding the controller lease'), LEASE_TTL_MS + LEASE_RENEW_MS + 10_000, 100);
    const tookOverAfterMs = Date.now() - killedAt;
    await waitFor('the second controller to start the waiting order', async () => started(second, third), 10_000);
    console.log(`controller takeover: lease taken ${tookOverAfterMs} ms after SIGKILL, the waiting order started ${Date.now() - killedAt} ms after`);
    // Within the lease's term (and the standby's renewal period), never before the lease expired.
    expect(tookOverAfterMs).toBeLessThan(LEASE_TTL_MS + LEASE_RENEW_MS + 5_000);
    const taken = await db.controllerLease.findUniqueOrThrow({ where: { name: 'controller' } });
    expect(taken.holder).toMatch(new RegExp(`:${second.child.pid}:`));
    expect(started(first, third)).toBe(false);
    // The killed one went silent: down (10 s without a heartbeat); the holder moved with the lease.
    await waitFor('the killed node to be down', async () => (await nodes()).some((n) => n.name === 'ctl-a' && n.status === 'down'), 10_000, 200);
    expect(await nodes()).toEqual([
      { name: 'ctl-b', status: 'up', controller: true },
      { name: 'ctl-a', status: 'down', controller: false },
    ]);
    // A clean stop is down at once, and gives the lease up.
    const exited = new Promise((resolve) => second.child.once('exit', resolve));
    second.child.kill('SIGTERM');
    await exited;
    expect((await listNodes(db)).map((n) => [n.name, n.status, n.stoppedAt !== null])).toEqual([
      ['ctl-a', 'down', false],
      ['ctl-b', 'down', true],
    ]);
  }, 120_000);
});
