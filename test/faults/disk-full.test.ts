// Disk full: the data directory on a small tmpfs fills up. Writes get a clear 507 and
// change nothing, the database stays intact, the engine keeps serving, and writes work
// again once there is room. (Mounting a tmpfs needs root, as the test runner's installs do.)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrityProblem } from '../../core/db/backup.ts';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { request } from '../helpers/http-client.ts';
import { signIn, startPortico, type Portico } from '../helpers/portico.ts';
import { waitFor } from '../helpers/ports.ts';

const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-full-'));
let portico: Portico;
let upstream: EchoUpstream;

beforeAll(async () => {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', mountPoint]);
  upstream = await startEchoUpstream();
  portico = await startPortico({ PORTICO_DATA_DIR: path.join(mountPoint, 'data') });
});
afterAll(async () => {
  await portico?.stop();
  await upstream?.close();
  try {
    execFileSync('umount', ['-l', mountPoint]);
  } catch {
    // not mounted
  }
  fs.rmSync(mountPoint, { recursive: true, force: true });
});

describe('disk full', () => {
  it('answers writes with a clear 507, keeps the database intact and the engine serving, and recovers', async () => {
    const api = await signIn(portico.dashboard);
    const created = await api.call('POST', '/api/v1/hosts', { serverNames: ['before-full.test'], locations: [{ path: '/', action: { kind: 'proxy', address: upstream.address } }] });
    expect(created.status).toBe(201);
    const hostsBefore = (await api.call('GET', '/api/v1/hosts')).json.hosts.length;

    // Fill the disk: one big file takes what is left.
    const filler = path.join(mountPoint, 'filler');
    try {
      fs.writeFileSync(filler, Buffer.alloc(8 * 1024 * 1024));
    } catch {
      // ENOSPC: the file holds everything it could
    }
    let full: { status: number; json: { error: { code: string; message: string } } } | null = null;
    for (let i = 0; i < 200 && !full; i++) {
      const res = await api.call('POST', '/api/v1/hosts', { serverNames: [`w${i}.test`], errorPages: { '404': { body: 'x'.repeat(20000) } } });
      if (res.status !== 201) full = res;
    }
    expect(full?.status).toBe(507);
    expect(full?.json.error.code).toBe('insufficient_storage');
    expect(full?.json.error.message).toContain('disk');
    expect(integrityProblem(path.join(portico.dataDir, 'portico.db'))).toBeNull();
    expect((await request(portico.ports.http, '/', { headers: { host: 'before-full.test' } })).status).toBe(200);

    fs.rmSync(filler);
    const again = await waitFor('a write to succeed', async () => {
      const res = await api.call('POST', '/api/v1/hosts', { serverNames: ['after-full.test'] });
      return res.status === 201 ? res : null;
    }, 10000);
    expect(again.status).toBe(201);
    expect((await api.call('GET', '/api/v1/hosts')).json.hosts.length).toBeGreaterThan(hostsBefore);
  }, 120_000);
});
