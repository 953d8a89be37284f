// What the API says when it cannot have the engine's answer: "not running" only when no
// engine listens. An engine that answered an error (the log search's RangeError was a 500)
// or took too long is reported as such, with its own message.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-engine-call-'));
process.env.PORTICO_DATA_DIR = dataDir;
const { callEngine } = await import('./engine-call.ts');
const { ApiError } = await import('./errors.ts');

const PURPOSE = { consequence: 'its logs cannot be searched', action: 'search its logs' };
let server: http.Server;
let port: number;

/** The fake engine's answers, by path. */
const answers: Record<string, (res: http.ServerResponse) => void> = {
  '/ok': (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"entries":[]}'),
  '/internal': (res) => res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"code":"internal","message":"internal error"}}'),
  '/busy': (res) => res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"code":"busy","message":"too many log tails"}}'),
  '/bad': (res) => res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"code":"bad_request","message":"cursor must be the \\"next\\" value of a previous page"}}'),
  '/missing': (res) => res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"not_found","message":"pool p is not in the running configuration"}}'),
  '/slow': () => {},
  '/reset': (res) => res.socket?.destroy(),
};

function engineAt(p: number | null): void {
  if (p === null) fs.rmSync(path.join(dataDir, 'engine.json'), { force: true });
  else fs.writeFileSync(path.join(dataDir, 'engine.json'), JSON.stringify({ pid: 1, ports: { http: 0, https: 0, control: p } }));
}

async function outcome(pathname: string, timeoutMs = 2000): Promise<{ status: number; code: string; message: string } | 'ok'> {
  try {
    await callEngine('GET', pathname, PURPOSE, { timeoutMs });
    return 'ok';
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const status = { engine_unavailable: 503, engine_timeout: 504, internal: 500, bad_request: 400, not_found: 404 }[error.code as string] ?? 0;
    return { status, code: error.code, message: error.message };
  }
}

beforeAll(async () => {
  fs.writeFileSync(path.join(dataDir, 'engine.token'), 'x'.repeat(43));
  server = http.createServer((req, res) => answers[req.url ?? '']?.(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('callEngine', () => {
  it('says "not running" only when no engine listens', async () => {
    engineAt(null);
    expect(await outcome('/ok')).toEqual({ status: 503, code: 'engine_unavailable', message: 'the engine is not running, so its logs cannot be searched' });
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    engineAt(closedPort);
    expect(await outcome('/ok')).toMatchObject({ code: 'engine_unavailable', message: 'the engine is not running, so its logs cannot be searched' });
  });

  it.each([
    ['/internal', { status: 500, code: 'internal', message: "the engine failed to search its logs: internal error (details in the engine's log)" }],
    ['/busy', { status: 503, code: 'engine_unavailable', message: 'the engine cannot search its logs right now: too many log tails' }],
    ['/bad', { status: 400, code: 'bad_request', message: 'cursor must be the "next" value of a previous page' }],
    ['/missing', { status: 404, code: 'not_found', message: 'pool p is not in the running configuration' }],
  ])('relays an engine that answered %s with what it said', async (pathname, expected) => {
    engineAt(port);
    const got = await outcome(pathname);
    expect(got).toEqual(expected);
    expect(JSON.stringify(got)).not.toMatch(/not running/);
  });

  it('tells a slow engine and a broken connection from a stopped one', async () => {
    engineAt(port);
    expect(await outcome('/slow', 300)).toEqual({ status: 504, code: 'engine_timeout', message: 'the engine did not answer within 0.3 s while trying to search its logs' });
    expect(await outcome('/reset')).toMatchObject({ code: 'engine_unavailable', message: expect.stringMatching(/^the connection to the engine broke \(\w+\) while trying to search its logs$/) });
    expect(await outcome('/ok')).toBe('ok');
  });
});
