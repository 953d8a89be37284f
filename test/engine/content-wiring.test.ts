// The engine as main.ts starts it, configured through its database: cache zones and
// policies from rows, the cache and compression in the content phase, CORS and security
// headers in the rewrite phase, the control API's cache routes, and an engine restart
// that keeps both the configuration and the disk cache.
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readControlToken } from '../../core/contract/control-token.ts';
import { HostInput } from '../../core/config/host.ts';
import type { Prisma } from '../../core/db/generated/client.ts';
import { startEngine, type EngineHandle } from '../../proxy-engine/engine.ts';
import { readEnv } from '../../core/env.ts';
import { createDataDir } from '../helpers/data-dir.ts';
import { testWorkers } from '../helpers/test-workers.ts';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { request } from '../helpers/http-client.ts';

const json = (v: unknown) => v as Prisma.InputJsonValue;
let data: { dir: string; cleanup(): void };
let engine: EngineHandle;
let upstream: EchoUpstream;
let served = 0;

const start = () => startEngine(readEnv({ PORTICO_DATA_DIR: data.dir, PORTICO_HTTP_PORT: '0', PORTICO_HTTPS_PORT: '0', PORTICO_CONTROL_PORT: '0', PORTICO_BIND_ADDRESS: '127.0.0.1', PORTICO_WORKERS: testWorkers() }));

async function control(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`http://127.0.0.1:${engine.ports.control}${path}`, {
    method,
    headers: { authorization: `Bearer ${readControlToken(data.dir)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

beforeAll(async () => {
  upstream = await startEchoUpstream((_req, res) => {
    served++;
    const body = `<html>${'<p>cached page</p>'.repeat(100)}</html>`;
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    return true;
  });
  data = await createDataDir('portico-wiring-');
  engine = await start();
  const host = HostInput.parse({
    serverNames: ['wired.test'],
    policies: { securityHeaders: { preset: 'basic' } },
    locations: [
      {
        path: '/',
        action: { kind: 'proxy', address: upstream.address },
        policies: {
          cache: { zone: 'pages', valid: [{ statuses: [200], ttlMs: 600_000 }], statusHeader: 'X-Cache-Status' },
          compression: { gzip: true, vary: true },
          cors: { origins: ['https://app.wired.test'] },
        },
      },
    ],
  });
  await engine.db.$transaction(async (tx) => {
    await tx.cacheZone.create({ data: { name: 'pages', maxSizeBytes: 64 * 1024 * 1024, inactiveMs: 3_600_000, maxEntries: 1000 } });
    await tx.host.create({
      data: {
        enabled: true,
        defaultServer: false,
        entrypoints: json(host.entrypoints),
        tls: json((({ certificateId: _c, ...tls }) => tls)(host.tls)),
        policies: json(host.policies),
        errorPages: json(host.errorPages),
        serverNames: { create: [{ name: 'wired.test', position: 0 }] },
        locations: { create: host.locations.map((l, position) => ({ position, matchKind: l.matchKind, path: l.path, enabled: true, action: json(l.action), policies: json(l.policies) })) },
      },
    });
    await tx.configState.upsert({ where: { id: 1 }, create: { id: 1, revision: 1 }, update: { revision: { increment: 1 } } });
  });
  await engine.applier.check();
  expect(engine.applier.current().errors).toEqual([]);
});
afterAll(async () => {
  await engine?.stop();
  await upstream?.close();
  data?.cleanup();
});

const get = (path: string, headers: Record<string, string> = {}) => request(engine.ports.http, path, { headers: { host: 'wired.test', ...headers } });

describe('content phase through startEngine', () => {
  it('caches, compresses per client, adds CORS and security headers', async () => {
    const miss = await request(engine.ports.http, '/page', { headers: { host: 'wired.test', origin: 'https://app.wired.test' } });
    expect(miss.headers).toMatchObject({ 'x-cache-status': 'MISS', 'access-control-allow-origin': 'https://app.wired.test', 'x-content-type-options': 'nosniff', vary: 'Accept-Encoding' });
    const hit = await new Promise<{ headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      import('node:http').then(({ default: http }) => {
        http
          .get({ host: '127.0.0.1', port: engine.ports.http, path: '/page', headers: { host: 'wired.test', 'accept-encoding': 'gzip' } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ headers: res.headers, body: zlib.gunzipSync(Buffer.concat(chunks)).toString() }));
          })
          .on('error', reject);
      }, reject);
    });
    expect(hit.headers).toMatchObject({ 'x-cache-status': 'HIT', 'content-encoding': 'gzip' });
    expect(hit.body).toBe(miss.body);
    expect(served).toBe(1);
    const preflight = await request(engine.ports.http, '/page', { method: 'OPTIONS', headers: { host: 'wired.test', origin: 'https://app.wired.test', 'access-control-request-method': 'GET' } });
    expect(preflight.status).toBe(204);
    expect(served).toBe(1);
  });

  it('the control API reports the zone and purges', async () => {
    const zones = await control('GET', '/cache/zones');
    expect(zones.json).toMatchObject({ zones: [{ name: 'pages', entries: 1, statuses: { MISS: 1, HIT: 1 } }] });
    expect((await control('POST', '/cache/purge', { zone: 'pages' })).status).toBe(400);
    expect((await control('POST', '/cache/purge', { url: 'http://WIRED.test:8080/page' })).json).toEqual({ removed: 1 });
    expect((await get('/page')).headers['x-cache-status']).toBe('MISS');
    expect(served).toBe(2);
  });

  it('a restart serves from the disk cache', async () => {
    await engine.stop();
    engine = await start();
    const after = await get('/page');
    expect(after.headers['x-cache-status']).toBe('HIT');
    expect(served).toBe(2);
  });
});
