// The typed engine client against a fake control API on an ephemeral port: a reload answers
// with the engine's whole status in one call, pool health comes back for the pools asked
// (null for one the engine does not run), and "down" is told apart from "answered with an error".
// test/engine/control-status.test.ts checks the same answers from the real engine.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineClient } from './engine-client.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-engine-client-'));
const TOKEN = 'x'.repeat(40);
const STATUS = { appliedRevision: 7, desiredRevision: 7, lastAppliedAt: 1, lastApplyMs: 2, databaseError: null, errors: [{ objectType: 'host', objectId: 'h1', name: 'a', path: 'locations.0', message: 'bad' }] };
const seen: string[] = [];
let server: http.Server;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return res.writeHead(401).end();
    const send = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (req.url === '/status') return send(200, STATUS);
    if (req.url === '/reload') return send(200, { ...STATUS, appliedRevision: 8 });
    if (req.url === '/pools/health') return send(200, { pools: [{ poolId: 'p1', name: 'one', servers: [] }, { poolId: 'p2', name: 'two', servers: [] }] });
    return send(404, { error: { code: 'not_found', message: 'no' } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fs.writeFileSync(path.join(dataDir, 'engine.token'), `${TOKEN}\n`);
  fs.writeFileSync(path.join(dataDir, 'engine.json'), JSON.stringify({ pid: 1, ports: { control: (server.address() as AddressInfo).port } }));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('engine client', () => {
  const client = createEngineClient(dataDir);

  it('reload: the whole status in one call', async () => {
    seen.length = 0;
    expect(await client.reload()).toEqual({ ...STATUS, appliedRevision: 8 });
    expect(seen).toEqual(['POST /reload']);
  });

  it('pool health: a pool the engine does not run is null, the others are its answer', async () => {
    seen.length = 0;
    const health = await client.poolsHealth(['p1', 'gone']);
    expect(health && Object.fromEntries(health)).toEqual({ p1: { poolId: 'p1', name: 'one', servers: [] }, gone: null });
    expect(seen).toEqual(['GET /pools/health']);
  });

  it('an engine that is not running is "down", and the typed calls say null', async () => {
    const down = createEngineClient(path.join(dataDir, 'nowhere'));
    expect(await down.call('GET', '/status')).toEqual({ kind: 'down' });
    expect(await down.reload()).toBeNull();
    expect(await down.poolsHealth(['p1'])).toBeNull();
    expect(await down.reportEvent({ kind: 'x', message: 'y' })).toBe(false);
  });
});
