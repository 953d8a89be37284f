// A request keeps the runtime it started with, retries included: an apply that removes
// its pool while the request waits on the pool's first server must not close the
// connection pools the request may still retry on (Caddy's order: build, swap, then stop
// what only the old configuration used, once nothing uses it).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { request } from '../helpers/http-client.ts';

interface Upstream {
  server: http.Server;
  address: string;
}

let engine: TestEngine;
const upstreams: Upstream[] = [];
/** Set by the test: the next request to reach either server is held until the test lets it fail. */
let holdNext: ((held: { name: string; res: http.ServerResponse }) => void) | null = null;

async function startUpstream(name: string): Promise<Upstream> {
  const server = http.createServer((req, res) => {
    if (holdNext) {
      const hold = holdNext;
      holdNext = null;
      hold({ name, res });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`answer from ${name}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, address: `127.0.0.1:${(server.address() as AddressInfo).port}` };
}

beforeAll(async () => {
  upstreams.push(await startUpstream('a1'), await startUpstream('a2'));
  engine = await startTestEngine();
});
afterAll(async () => {
  await engine?.stop();
  await Promise.all(upstreams.map((u) => new Promise((resolve) => (u.server.closeAllConnections(), u.server.close(resolve)))));
});

const withPool = () => ({
  pools: [{ name: 'a', servers: upstreams.map((u) => ({ address: u.address })) }],
  hosts: [{ serverNames: ['retry.test'], locations: [{ path: '/', action: { kind: 'proxy', poolId: 'a' } }] }],
});
const withoutPool = {
  hosts: [{ serverNames: ['retry.test'], locations: [{ path: '/', action: { kind: 'return', status: 200, body: 'pool a is gone' } }] }],
};

describe('a retry on the old runtime during an apply', () => {
  it('reaches the next server of a pool the apply removed', async () => {
    await engine.configure(withPool());
    // Both servers have a warm keep-alive pool in the engine before the test starts.
    const warm = await Promise.all([1, 2, 3, 4].map(() => request(engine.port, '/', { headers: { host: 'retry.test' } })));
    expect(warm.map((r) => r.status)).toEqual([200, 200, 200, 200]);

    const arrived = new Promise<{ name: string; res: http.ServerResponse }>((resolve) => (holdNext = resolve));
    const pending = request(engine.port, '/', { headers: { host: 'retry.test' } });
    const first = await arrived;

    // The apply that removes pool "a" completes while the request waits on its first server.
    await engine.configure(withoutPool);
    expect((await request(engine.port, '/', { headers: { host: 'retry.test' } })).body).toBe('pool a is gone');

    // The first server fails (connection reset): a GET goes to the next server of "a".
    first.res.socket!.destroy();
    const answer = await pending;
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(`answer from ${first.name === 'a1' ? 'a2' : 'a1'}`);
  });
});
