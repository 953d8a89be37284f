// Certificates do not depend on the dashboard's process: the controller orders and renews
// them. Against pebble, Portico running as `npm start` runs it: an order asked for through
// the API completes while the dashboard process is frozen (SIGSTOP: it runs nothing) and is
// then killed, and a renewal that comes due while the dashboard is down happens and is
// served. Both read the result from the database and the engine, never from the dashboard.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../core/db/client.ts';
import { parseProgress } from '../../core/acme/progress.ts';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { signIn, startPortico, type ApiClient, type Portico } from '../helpers/portico.ts';
import { freePort, waitFor } from '../helpers/ports.ts';
import { makePebbleTls, startChallTestSrv, startPebble, type ChallTestSrv, type Pebble } from './pebble.ts';

const NAME = 'down.acme.test';
let dir: string;
let dns: ChallTestSrv;
let pebble: Pebble;
let upstream: EchoUpstream;
let portico: Portico;
let api: ApiClient;
let db: Db;
let certificateId: string;

/** The supervisor's dashboard child (scripts/dashboard-server.ts), as ps lists it. */
function dashboardPid(): number {
  const lines = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(portico.process.pid)], { encoding: 'utf8' }).split('\n');
  const line = lines.find((l) => l.includes('scripts/dashboard-server.ts'));
  if (!line) throw new Error(`no dashboard process under the supervisor:\n${lines.join('\n')}`);
  return Number(line.trim().split(/\s+/)[0]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function servedFingerprint(): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port: portico.ports.https, servername: NAME, rejectUnauthorized: false }, () => {
      resolve(socket.getPeerX509Certificate()!.fingerprint256);
      socket.destroy();
    });
    socket.once('error', reject);
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-acme-down-'));
  const pebbleTls = makePebbleTls(dir);
  dns = await startChallTestSrv();
  await dns.addA(NAME, ['127.0.0.1']);
  const httpPort = await freePort();
  [pebble, upstream] = await Promise.all([startPebble({ dir, name: 'pebble', httpPort, dnsServer: dns.dnsServer, tls: pebbleTls }), startEchoUpstream()]);
  portico = await startPortico({
    PORTICO_HTTP_PORT: String(httpPort),
    PORTICO_ACME_DIRECTORY_URL: pebble.directoryUrl,
    PORTICO_ACME_CA_FILE: pebbleTls.caFile,
    PORTICO_ACME_HTTP_PORT: String(httpPort),
    PORTICO_ACME_DNS_SERVERS: dns.dnsServer,
    PORTICO_ACME_RENEW_CHECK_MS: '1000',
  });
  api = await signIn(portico.dashboard);
  const host = await api.call('POST', '/api/v1/hosts', { serverNames: [NAME], entrypoints: ['http', 'https'], locations: [{ path: '/', action: { kind: 'proxy', address: upstream.address } }] });
  expect(host.status).toBe(201);
  db = await openDb(portico.dataDir);
}, 180_000);

afterAll(async () => {
  // A dashboard left frozen by a failed test must not keep the supervisor from stopping.
  try {
    process.kill(dashboardPid(), 'SIGCONT');
  } catch {
    // none
  }
  await db?.$disconnect();
  await Promise.all([portico?.stop(), pebble?.stop(), upstream?.close()]);
  await dns?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('certificates without the dashboard', () => {
  it('an order completes while the dashboard that took it is frozen, then killed', async () => {
    const created = await api.call('POST', '/api/v1/certificates', { domains: [NAME] });
    expect(created.status).toBe(202);
    certificateId = created.json.id;
    const pid = dashboardPid();
    process.kill(pid, 'SIGSTOP');
    try {
      const row = await waitFor('the order to complete', async () => {
        const r = await db.certificate.findUnique({ where: { id: certificateId } });
        // Finished: the outcome written and then the request cleared (two writes; a look
        // between them sees VALID with the request still set).
        return r && r.status !== 'PENDING' && parseProgress(r.progress)?.finishedAt && r.orderRequestedAt === null ? r : null;
      }, 90_000, 250);
      expect(row.status, JSON.stringify(row.error)).toBe('VALID');
      expect(parseProgress(row.progress)!.steps.map((s) => s.status)).toEqual(Array(7).fill('done'));
      const issued = new X509Certificate(row.certPem!).fingerprint256;
      await waitFor('the engine to serve it', async () => (await servedFingerprint()) === issued, 10_000);
    } finally {
      process.kill(pid, 'SIGKILL');
    }
    await waitFor('the killed dashboard to be gone', async () => !alive(pid), 10_000);
    // The restarted dashboard reads what the controller wrote.
    await waitFor('the dashboard to be back', async () => (await fetch(`${portico.dashboard}/api/v1/setup`).catch(() => null))?.ok === true, 60_000, 250);
    const shown = await (await signIn(portico.dashboard)).call('GET', `/api/v1/certificates/${certificateId}`);
    expect(shown.json).toMatchObject({ id: certificateId, status: 'valid', running: false });
  }, 180_000);

  it('a renewal that comes due while the dashboard is down happens and is served', async () => {
    const before = await servedFingerprint();
    const pid = dashboardPid();
    process.kill(pid, 'SIGSTOP');
    try {
      await db.certificate.update({ where: { id: certificateId }, data: { renewAt: new Date(Date.now() - 1000) } });
      await waitFor('the renewed certificate to be served', async () => (await servedFingerprint()) !== before, 90_000, 250);
      const row = await db.certificate.findUniqueOrThrow({ where: { id: certificateId } });
      expect(parseProgress(row.progress)?.kind).toBe('renewal');
      expect(row.renewAt!.getTime()).toBeGreaterThan(Date.now());
      expect(alive(pid)).toBe(true);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
  }, 120_000);
});
