// GET /healthz and /readyz on the engine's control port, for an instance run without a
// dashboard: answered without the control token (the rest of the API still needs it), and
// revealing no configuration.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';

let engine: TestEngine;
let outOfService: TestEngine;

const probe = (target: TestEngine, pathname: string) =>
  fetch(`http://127.0.0.1:${target.engine.ports.control}${pathname}`).then(async (res) => ({ status: res.status, text: await res.text() }));

beforeAll(async () => {
  [engine, outOfService] = await Promise.all([startTestEngine(), startTestEngine({ PORTICO_DATABASE_INCIDENT: 'damaged database: file is not a database' })]);
});
afterAll(async () => {
  await Promise.all([engine?.stop(), outOfService?.stop()]);
});

describe('engine health probes', () => {
  it('answers /healthz without the token', async () => {
    expect(await probe(engine, '/healthz')).toEqual({ status: 200, text: JSON.stringify({ status: 'ok' }) });
  });

  it('is ready once it serves the latest revision, and names nothing of the configuration', async () => {
    await engine.configure({ hosts: [{ serverNames: ['private-name.test'], locations: [{ path: '/', action: { kind: 'proxy', address: '127.0.0.1:9' } }] }] });
    const revision = engine.engine.applier.status().appliedRevision;
    const ready = await probe(engine, '/readyz');
    expect(ready).toEqual({ status: 200, text: JSON.stringify({ status: 'ready', revision }) });
    const head = await fetch(`http://127.0.0.1:${engine.engine.ports.control}/readyz`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });

  it('is not ready while it cannot read the database, with the reason and without the error text', async () => {
    expect(await probe(outOfService, '/healthz')).toMatchObject({ status: 200 });
    const ready = await probe(outOfService, '/readyz');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.text)).toEqual({ status: 'not ready', reason: expect.stringContaining('cannot read the configuration database') });
    expect(ready.text).not.toContain('file is not a database');
  });

  it('still asks for the token everywhere else', async () => {
    for (const pathname of ['/status', '/healthz/', '/readyz/x', '/metrics']) {
      expect((await probe(engine, pathname)).status, pathname).toBe(401);
    }
    const post = await fetch(`http://127.0.0.1:${engine.engine.ports.control}/readyz`, { method: 'POST' });
    expect(post.status).toBe(401);
  });
});
