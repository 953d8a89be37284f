// The engine's control API bounds request bodies as they stream and before the token is
// checked: a gigabyte, declared or chunked, with or without the token, is refused or cut
// off within a few MB, and the engine's memory stays where it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readControlToken } from '../../core/contract/control-token.ts';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { request } from '../helpers/http-client.ts';
import { sendLargeBody } from '../helpers/large-body.ts';

const GB = 1024 * 1024 * 1024;
const MB = 1024 * 1024;
const CUT_OFF = 64 * MB;

let engine: TestEngine;
let token: string;

beforeAll(async () => {
  engine = await startTestEngine();
  token = readControlToken(engine.dataDir)!;
});

afterAll(async () => {
  await engine?.stop();
});

const port = () => engine.engine.ports.control;

describe('control API bodies', () => {
  const cases: { desc: string; method?: string; path: string; chunked: boolean; withToken: boolean; expect?: string; status: number }[] = [
    { desc: 'declared 1 GB without the token', path: '/events', chunked: false, withToken: false, status: 413 },
    { desc: 'chunked 1 GB without the token', path: '/events', chunked: true, withToken: false, status: 401 },
    { desc: 'declared 1 GB with the token', path: '/trace', chunked: false, withToken: true, status: 413 },
    { desc: 'chunked 1 GB with the token', path: '/trace', chunked: true, withToken: true, status: 413 },
    { desc: 'chunked 1 GB to an unknown route', path: '/nowhere', chunked: true, withToken: true, status: 404 },
    { desc: 'chunked 1 GB to a GET route', method: 'GET', path: '/status', chunked: true, withToken: true, status: 200 },
    { desc: 'declared 1 GB with Expect: 100-continue', path: '/events', chunked: false, withToken: true, expect: '100-continue', status: 413 },
  ];

  const headersFor = ({ withToken, expect: expectHeader }: { withToken: boolean; expect?: string }) => {
    const headers: Record<string, string> = {};
    if (withToken) headers.authorization = `Bearer ${token}`;
    if (expectHeader) headers.expect = expectHeader;
    return headers;
  };

  it.each(cases)('$desc: answered at once', async (c) => {
    const result = await sendLargeBody(port(), { method: c.method, path: c.path, bytes: GB, chunked: c.chunked, headers: headersFor(c), politely: true });
    expect(result.status, result.response.slice(0, 300)).toBe(c.status);
    if (c.status === 413) expect(result.response).toContain('"code":"payload_too_large"');
    if (c.expect) expect(result.sentBytes).toBe(0);
    expect(result.sentBytes).toBeLessThan(CUT_OFF);
  }, 120_000);

  it.each(cases)('$desc: a client that keeps sending is cut off within a few MB', async (c) => {
    const before = process.memoryUsage().rss;
    const result = await sendLargeBody(port(), { method: c.method, path: c.path, bytes: GB, chunked: c.chunked, headers: headersFor(c) });
    expect(result.sentBytes).toBeLessThan(CUT_OFF);
    // The answer, or the reset of the closed connection if the client's writes saw it first.
    expect([0, c.status]).toContain(result.status);
    // The engine runs in this process: a body read whole would show here.
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * MB);
  }, 120_000);

  it('takes a body up to 1 MiB and refuses one byte more', async () => {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const purge = (size: number) => {
      const body = JSON.stringify({ zone: 'none', key: '' });
      return request(port(), '/cache/purge', { method: 'POST', headers, body: body + ' '.repeat(size - body.length) });
    };
    expect((await purge(MB)).status).not.toBe(413);
    const over = await purge(MB + 1);
    expect(over.status).toBe(413);
    expect(over.headers.connection).toBe('close');
  });
});
