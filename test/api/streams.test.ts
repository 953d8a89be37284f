// The streams API against a real Portico (dashboard + engine + SQLite): a stream written
// through /api/v1/streams listens within the write's apply, reaches its upstream, and moves
// or stops with the next write; bad input is refused with its field and changes nothing.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/ports.ts';
import { startPortico, signIn, type ApiClient, type Portico } from '../helpers/portico.ts';
import { startNamedTcpUpstream, streamClient, type RunningServer } from '../helpers/stream-servers.ts';

let portico: Portico;
let api: ApiClient;
let upstream: RunningServer;

beforeAll(async () => {
  portico = await startPortico({ PORTICO_BIND_ADDRESS: '127.0.0.1' });
  api = await signIn(portico.dashboard);
  upstream = await startNamedTcpUpstream('db');
}, 600_000);
afterAll(async () => {
  await upstream?.stop();
  await portico?.stop();
});

const greeting = async (port: number) => {
  const client = await streamClient(port);
  const text = (await client.next('\n')).trim();
  client.socket.destroy();
  return text;
};
const refuses = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(true));
  });

describe('streams', () => {
  it('creates a stream that listens within the apply, moves it, and deletes it', async () => {
    const port = await freePort();
    const created = await api.call('POST', '/api/v1/streams', { name: 'db', listenPort: port, address: `127.0.0.1:${upstream.port}` });
    expect(created.status).toBe(201);
    expect(created.json.stream).toMatchObject({ name: 'db', protocol: 'tcp', listenPort: port, poolId: null, connectTimeoutMs: 60000, idleTimeoutMs: 600000 });
    expect(created.json.apply).toMatchObject({ applied: true, errors: [] });
    expect(await greeting(port)).toBe('db');
    const id = created.json.stream.id;

    const live = await api.call('GET', '/api/v1/streams/live');
    expect(live.json.streams).toContainEqual(expect.objectContaining({ id, listening: true, accepted: 1, bytesOut: 3 }));

    const moved = await freePort();
    const patched = await api.call('PATCH', `/api/v1/streams/${id}`, { listenPort: moved });
    expect(patched.status).toBe(200);
    expect(patched.json.stream.listenPort).toBe(moved);
    expect(await greeting(moved)).toBe('db');
    expect(await refuses(port)).toBe(true);

    expect((await api.call('GET', '/api/v1/streams')).json.streams.map((s: { id: string }) => s.id)).toEqual([id]);
    expect((await api.call('DELETE', `/api/v1/streams/${id}`)).status).toBe(200);
    expect(await refuses(moved)).toBe(true);
    expect((await api.call('GET', `/api/v1/streams/${id}`)).status).toBe(404);
  });

  it('sends to a pool, and the pool cannot be deleted while the stream uses it', async () => {
    const pool = await api.call('POST', '/api/v1/pools', { name: 'stream-pool', servers: [{ address: `127.0.0.1:${upstream.port}` }] });
    const port = await freePort();
    const created = await api.call('POST', '/api/v1/streams', { name: 'pooled', listenPort: port, poolId: pool.json.pool.id });
    expect(created.json.stream.poolName).toBe('stream-pool');
    expect(await greeting(port)).toBe('db');
    const refused = await api.call('DELETE', `/api/v1/pools/${pool.json.pool.id}`);
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toContain('pooled');
    await api.call('DELETE', `/api/v1/streams/${created.json.stream.id}`);
    expect((await api.call('DELETE', `/api/v1/pools/${pool.json.pool.id}`)).status).toBe(200);
  });

  const invalid = [
    { desc: 'neither pool nor address', body: (port: number) => ({ name: 'x', listenPort: port }), status: 422, path: 'poolId' },
    { desc: 'both pool and address', body: (port: number) => ({ name: 'x', listenPort: port, poolId: 'p', address: '127.0.0.1:1' }), status: 422, path: 'poolId' },
    { desc: 'an unknown pool', body: (port: number) => ({ name: 'x', listenPort: port, poolId: 'nope' }), status: 422, path: 'poolId' },
    { desc: 'a port out of range', body: () => ({ name: 'x', listenPort: 70000, address: '127.0.0.1:1' }), status: 422, path: 'listenPort' },
    { desc: "the proxy's own HTTP port", body: () => ({ name: 'x', listenPort: portico.ports.http, address: '127.0.0.1:1' }), status: 422, path: 'listenPort' },
    { desc: 'a metadata address', body: (port: number) => ({ name: 'x', listenPort: port, address: '169.254.169.254:80' }), status: 422, path: 'address' },
    { desc: 'a zero idle timeout', body: (port: number) => ({ name: 'x', listenPort: port, address: '127.0.0.1:1', idleTimeoutMs: 0 }), status: 422, path: 'idleTimeoutMs' },
    { desc: 'a bad allow rule', body: (port: number) => ({ name: 'x', listenPort: port, address: '127.0.0.1:1', access: [{ action: 'allow', source: 'everyone' }] }), status: 422, path: 'access.0.source' },
  ];
  it.each(invalid)('refuses $desc ($status at $path) and writes nothing', async ({ body, status, path }) => {
    const before = (await api.call('GET', '/api/v1/streams')).json.streams.length;
    const res = await api.call('POST', '/api/v1/streams', body(await freePort()));
    expect(res.status).toBe(status);
    expect(res.json.error.details).toContainEqual(expect.objectContaining({ path }));
    expect((await api.call('GET', '/api/v1/streams')).json.streams).toHaveLength(before);
  });

  it('refuses a second stream on the same port or with the same name (409)', async () => {
    const port = await freePort();
    const first = await api.call('POST', '/api/v1/streams', { name: 'one', listenPort: port, address: `127.0.0.1:${upstream.port}` });
    const samePort = await api.call('POST', '/api/v1/streams', { name: 'two', listenPort: port, address: `127.0.0.1:${upstream.port}` });
    expect(samePort.status).toBe(409);
    expect(samePort.json.error.message).toContain('"one"');
    const sameName = await api.call('POST', '/api/v1/streams', { name: 'one', listenPort: await freePort(), address: `127.0.0.1:${upstream.port}` });
    expect(sameName.status).toBe(409);
    await api.call('DELETE', `/api/v1/streams/${first.json.stream.id}`);
  });

  it('passes names through on the HTTPS entrypoint, one stream per name', async () => {
    const first = await api.call('POST', '/api/v1/streams', { name: 'pass-a', entrypoint: 'https', sni: [{ serverNames: ['db.example.test'], address: `127.0.0.1:${upstream.port}` }] });
    expect(first.status).toBe(201);
    expect(first.json.stream).toMatchObject({ listenPort: null, entrypoint: 'https' });
    const clash = await api.call('POST', '/api/v1/streams', { name: 'pass-b', entrypoint: 'https', sni: [{ serverNames: ['db.example.test'], address: `127.0.0.1:${upstream.port}` }] });
    expect(clash.status).toBe(409);
    expect(clash.json.error.details).toMatchObject({ path: 'sni.0.serverNames.0' });
    const withPort = await api.call('POST', '/api/v1/streams', { name: 'pass-c', entrypoint: 'https', listenPort: 4443, sni: [{ serverNames: ['x.test'], address: '127.0.0.1:1' }] });
    expect(withPort.status).toBe(422);
    await api.call('DELETE', `/api/v1/streams/${first.json.stream.id}`);
  });

  it('the Streams page lists them', async () => {
    const port = await freePort();
    const created = await api.call('POST', '/api/v1/streams', { name: 'shown-on-page', listenPort: port, address: `127.0.0.1:${upstream.port}` });
    const page = await fetch(`${portico.dashboard}/streams`, { headers: { cookie: api.cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('shown-on-page');
    const editor = await fetch(`${portico.dashboard}/streams/${created.json.stream.id}`, { headers: { cookie: api.cookie } });
    expect(editor.status).toBe(200);
    await api.call('DELETE', `/api/v1/streams/${created.json.stream.id}`);
  });

  it('imports stream {} from nginx text: the pool, the stream, and a port that answers', async () => {
    const port = await freePort();
    const config = `stream { upstream imported_db { server 127.0.0.1:${upstream.port}; } server { listen ${port}; proxy_pass imported_db; proxy_timeout 30s; } }`;
    const dry = await api.call('POST', '/api/v1/import/nginx', { config, dryRun: true });
    expect(dry.json.wouldCreate.streams).toEqual([expect.objectContaining({ name: `tcp-${port}`, listenPort: port, poolId: 'imported_db', idleTimeoutMs: 30000 })]);
    expect(dry.json.warnings).toEqual([]);
    const imported = await api.call('POST', '/api/v1/import/nginx', { config });
    expect(imported.status).toBe(200);
    expect(imported.json.created.streams).toHaveLength(1);
    expect(imported.json.apply).toMatchObject({ applied: true, errors: [] });
    expect(await greeting(port)).toBe('db');
    // Importing the same port again is refused as a whole, naming the stream.
    const again = await api.call('POST', '/api/v1/import/nginx', { config: `stream { server { listen ${port}; proxy_pass 127.0.0.1:1; } }` });
    expect(again.status).toBe(409);
    expect(again.json.error.message).toContain(`port ${port} is already used by stream "tcp-${port}"`);
    const exported = await fetch(`${portico.dashboard}/api/v1/export/nginx`, { headers: { cookie: api.cookie } });
    expect(await exported.text()).toMatch(new RegExp(`stream \\{[\\s\\S]*listen ${port};[\\s\\S]*proxy_pass imported_db;`));
  });

  it('is in the OpenAPI document', async () => {
    const doc = await api.call('GET', '/api/v1/openapi.json');
    expect(Object.keys(doc.json.paths)).toEqual(expect.arrayContaining(['/api/v1/streams', '/api/v1/streams/{id}', '/api/v1/streams/live']));
  });
});
