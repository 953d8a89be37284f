// The typed engine client against a fake control API on an ephemeral port: a reload answers
// with the whole status (the errors included) whatever the engine's reload returns, pool
// health comes back per pool, and "down" is told apart from "answered with an error".
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
let reloadAnswer: unknown = null;
const seen: string[] = [];
let server: http.Server;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return res.writeHead(401).end();
    const send = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (req.url === '/status') return send(200, STATUS);
    if (req.url === '/reload') return send(200, reloadAnswer);
    if (req.url === '/pools/p1/health') return send(200, { poolId: 'p1', name: 'one', servers: [] });
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

  const reloads: { desc: string; answer: unknown; expected: unknown; asksStatus: boolean }[] = [
    { desc: 'an apply state without errors is completed by the status', answer: { appliedRevision: 7, desiredRevision: 7, lastAppliedAt: 1, lastApplyMs: 2, databaseError: null, compileError: null }, expected: STATUS, asksStatus: true },
    { desc: 'a whole status is used as it is', answer: { ...STATUS, appliedRevision: 8 }, expected: { ...STATUS, appliedRevision: 8 }, asksStatus: false },
  ];
  for (const { desc, answer, expected, asksStatus } of reloads) {
    it(`reload: ${desc}`, async () => {
      reloadAnswer = answer;
      seen.length = 0;
      expect(await client.reload()).toEqual(expected);
      expect(seen).toEqual(asksStatus ? ['POST /reload', 'GET /status'] : ['POST /reload']);
    });
  }

  it('pool health: a pool the engine does not run is null, the others are its answer', async () => {
    const health = await client.poolsHealth(['p1', 'gone']);
    expect(health && Object.fromEntries(health)).toEqual({ p1: { poolId: 'p1', name: 'one', servers: [] }, gone: null });
  });

  it('an engine that is not running is "down", and the typed calls say null', async () => {
    const down = createEngineClient(path.join(dataDir, 'nowhere'));
    expect(await down.call('GET', '/status')).toEqual({ kind: 'down' });
    expect(await down.reload()).toBeNull();
    expect(await down.poolsHealth(['p1'])).toBeNull();
    expect(await down.reportEvent({ kind: 'x', message: 'y' })).toBe(false);
  });
});
