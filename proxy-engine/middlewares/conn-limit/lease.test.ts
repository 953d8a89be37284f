// Slots are given back exactly once on every way a request can end, with real sockets.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { testConnZones } from '../../../test/helpers/shared-state.ts';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { view, zoneConfig } from '../../../test/helpers/rate-limit-support.ts';
import { createConnLimit } from './conn-limit.ts';
import { releaseOnClose } from './lease.ts';
import { MemoryConnStore } from './store.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

function setup() {
  const zones = testConnZones();
  zones.apply([zoneConfig({ name: 'c', kind: 'CONNECTION', rate: undefined })]);
  const limiter = createConnLimit([{ zone: 'c', max: 10, status: 503, dryRun: false }], zones)!;
  const store = zones.get('c')!.store as MemoryConnStore;
  let releases = 0;
  const wrap = (handler: Handler): Handler => (req, res) => {
    const decision = limiter.acquire(view());
    if (decision instanceof Promise || decision.action !== 'pass') throw new Error('expected a pass');
    releaseOnClose(res, () => {
      releases++;
      decision.release();
    });
    handler(req, res);
  };
  return { store, wrap, releases: () => releases };
}

async function listen(handler: Handler): Promise<number> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server!.address() as AddressInfo).port;
}

const until = async (test: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !test(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('releaseOnClose with node:http', () => {
  const cases: { desc: string; config: { handler: Handler; abort: boolean } }[] = [
    { desc: 'a finished response', config: { handler: (_req, res) => res.end('ok'), abort: false } },
    { desc: 'a response the client aborts half-way', config: { handler: (_req, res) => res.write('partial'), abort: true } },
    { desc: 'a response destroyed on an error', config: { handler: (_req, res) => setTimeout(() => res.destroy(new Error('upstream failed')), 5), abort: false } },
    { desc: 'a client that leaves before any response', config: { handler: () => {}, abort: true } },
  ];
  it.each(cases)('gives the slot back once for $desc', async ({ config }) => {
    const { store, wrap, releases } = setup();
    const port = await listen(wrap(config.handler));
    await new Promise<void>((resolve) => {
      const req = request({ port, host: '127.0.0.1', agent: false }, (res) => {
        res.once('data', () => config.abort && req.destroy());
        res.once('end', resolve);
        res.once('close', resolve);
      });
      req.once('error', () => resolve());
      req.end();
      if (config.abort) setTimeout(() => req.destroy(), 30);
    });
    await until(() => releases() > 0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(releases()).toBe(1);
    expect(store.count(view().clientIp)).toBe(0);
  });

  it('releases at once when the response is already closed', () => {
    let released = 0;
    releaseOnClose({ once: () => undefined, destroyed: true }, () => released++);
    expect(released).toBe(1);
  });

  it('keeps the slot while the response is in progress, on a keep-alive connection', async () => {
    const { store, wrap } = setup();
    let finish: (() => void) | undefined;
    const port = await listen(wrap((_req, res) => {
      res.write('started');
      finish = () => res.end();
    }));
    const done = new Promise<void>((resolve) => {
      request({ port, host: '127.0.0.1' }, (res) => {
        res.resume();
        res.once('end', resolve);
      }).end();
    });
    await until(() => finish !== undefined);
    expect(store.count(view().clientIp)).toBe(1);
    finish!();
    await done;
    await until(() => store.count(view().clientIp) === 0);
    expect(store.count(view().clientIp)).toBe(0);
  });
});
