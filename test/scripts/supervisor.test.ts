// The supervisor restarts a killed engine, which then serves the last applied revision.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { request } from '../helpers/http-client.ts';
import { startPortico, signIn, type Portico } from '../helpers/portico.ts';
import { waitFor } from '../helpers/ports.ts';

let portico: Portico;
let upstream: EchoUpstream;

beforeAll(async () => {
  [portico, upstream] = await Promise.all([startPortico(), startEchoUpstream()]);
});
afterAll(async () => {
  await Promise.all([portico?.stop(), upstream?.close()]);
});

describe('supervisor', () => {
  it('restarts the engine after SIGKILL and serves the last applied revision', async () => {
    const api = await signIn(portico.dashboard);
    const res = await api.call('POST', '/api/v1/hosts', { serverNames: ['kept.test'], locations: [{ path: '/', action: { kind: 'proxy', address: upstream.address } }] });
    expect(res.json.apply.applied).toBe(true);
    const revision = res.json.apply.revision;
    const before = portico.enginePid();
    process.kill(before, 'SIGKILL');
    await waitFor('a new engine', async () => portico.enginePid() !== before, 15000);
    const served = await waitFor('the restarted engine to serve', async () => {
      const r = await request(portico.ports.http, '/x', { headers: { host: 'kept.test' } }).catch(() => null);
      return r?.status === 200 ? r : null;
    }, 15000);
    expect(JSON.parse(served.body).url).toBe('/x');
    const status = await api.call('GET', '/api/v1/engine/status');
    expect(status.json.appliedRevision).toBe(revision);
  });

  it('stops both processes on SIGTERM', async () => {
    const engine = portico.enginePid();
    const exited = new Promise<number | null>((resolve) => portico.process.once('exit', (code) => resolve(code)));
    portico.process.kill('SIGTERM');
    expect(await exited).toBe(0);
    await waitFor('the engine to exit', async () => {
      try {
        process.kill(engine, 0);
        return false;
      } catch {
        return true;
      }
    }, 10000);
  });
});
