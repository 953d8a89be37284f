// The SSE hub on a real node:http server: resumption with Last-Event-ID, and clients
// that stop reading.
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SnapshotRing } from './ring.ts';
import { SseHub } from './sse-hub.ts';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

function setup(capacity: number, first: number, last: number, payload = '') {
  let now = 1_000_000;
  const ring = new SnapshotRing(capacity);
  const hub = new SseHub({ ring, now: () => now, stallTimeoutMs: 30_000 });
  const push = (seq: number): void => {
    ring.push({ seq, t: seq * 1000, json: JSON.stringify({ seq, payload }) });
    hub.publish();
  };
  for (let s = first; s <= last; s++) push(s);
  return { ring, hub, push, advance: (ms: number) => void (now += ms) };
}

async function listen(hub: SseHub): Promise<number> {
  server = createServer((req, res) => hub.attach(res, req.headers['last-event-id'] as string | undefined));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server!.address() as AddressInfo).port;
}

/** An EventSource-like reader: the ids of the events received so far. */
interface Reader {
  ids: number[];
  res: IncomingMessage;
  waitFor(count: number): Promise<void>;
}

function connect(port: number, lastEventId?: string): Promise<Reader> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = lastEventId === undefined ? {} : { 'last-event-id': lastEventId };
    const req = request({ port, host: '127.0.0.1', headers, agent: false }, (res) => {
      const ids: number[] = [];
      let buffered = '';
      const waiters: (() => void)[] = [];
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffered += chunk;
        let end: number;
        while ((end = buffered.indexOf('\n\n')) !== -1) {
          const event = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const id = /^id: (\d+)$/m.exec(event);
          if (id) ids.push(Number(id[1]));
        }
        waiters.splice(0).forEach((w) => w());
      });
      const waitFor = async (count: number): Promise<void> => {
        const deadline = Date.now() + 5000;
        while (ids.length < count) {
          if (Date.now() > deadline) throw new Error(`got ${ids.length} of ${count} events`);
          await new Promise<void>((r) => {
            waiters.push(r);
            setTimeout(r, 50);
          });
        }
      };
      resolve({ ids, res, waitFor });
    });
    req.once('error', reject);
    req.end();
  });
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('resumption from the ring', () => {
  const cases: { desc: string; config: string | undefined; expected: number[] }[] = [
    { desc: 'Last-Event-ID in the ring: what came after it', config: '104', expected: range(105, 110) },
    { desc: 'no Last-Event-ID: the newest snapshot, then live', config: undefined, expected: [109, 110] },
    { desc: 'Last-Event-ID older than the ring: from the oldest kept', config: '3', expected: range(100, 110) },
    { desc: 'Last-Event-ID "0": the whole ring (chart history)', config: '0', expected: range(100, 110) },
    { desc: 'Last-Event-ID from the future: live only', config: '99999999', expected: [110] },
  ];
  it.each(cases)('$desc', async ({ config, expected }) => {
    const { hub, push } = setup(20, 100, 109);
    const port = await listen(hub);
    const reader = await connect(port, config);
    expect(reader.res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    await new Promise((resolve) => setTimeout(resolve, 30));
    push(110);
    await reader.waitFor(expected.length);
    expect(reader.ids).toEqual(expected);
    reader.res.destroy();
  });

  it('forgets a subscriber that disconnects', async () => {
    const { hub } = setup(20, 100, 105);
    const port = await listen(hub);
    const reader = await connect(port);
    await reader.waitFor(1);
    expect(hub.size).toBe(1);
    reader.res.destroy();
    for (let i = 0; i < 100 && hub.size > 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(hub.size).toBe(0);
  });
});

describe('clients that stop reading', () => {
  // 64 KiB snapshots: a stalled client fills the socket buffers within a few dozen.
  const big = 'x'.repeat(64 * 1024);

  it('hold no more than the socket buffer and one event, and are dropped after the stall timeout', async () => {
    const { hub, push, advance } = setup(50, 1, 1, big);
    const port = await listen(hub);
    const reader = await connect(port);
    reader.res.pause();
    let peak = 0;
    for (let seq = 2; seq <= 400; seq++) {
      push(seq);
      await tick();
      peak = Math.max(peak, hub.bufferedBytes());
    }
    // 400 × 64 KiB were published (25 MiB); the server holds at most one event beyond
    // the socket's 16 KiB high-water mark.
    expect(peak).toBeLessThan(16 * 1024 + 2 * (big.length + 100));
    expect(hub.size).toBe(1);
    advance(30_000);
    push(401);
    expect(hub.size).toBe(0);
    reader.res.destroy();
  });

  it('catch up from the ring when they read again, skipping what the ring no longer has', async () => {
    const { hub, push, ring } = setup(50, 1, 1, big);
    const port = await listen(hub);
    const reader = await connect(port);
    reader.res.pause();
    for (let seq = 2; seq <= 300; seq++) {
      push(seq);
      await tick();
    }
    reader.res.resume();
    const deadline = Date.now() + 5000;
    while (reader.ids.at(-1) !== ring.newestSeq && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(reader.ids.at(-1)).toBe(300);
    // In order, without repeats; the gap is where the ring moved on while it stalled.
    expect(reader.ids).toEqual([...new Set(reader.ids)].sort((x, y) => x - y));
    expect(reader.ids.length).toBeLessThan(300);
    expect(reader.ids.slice(-50)).toEqual(range(251, 300));
    reader.res.destroy();
  });

  it('refuses subscribers beyond the limit', async () => {
    const ring = new SnapshotRing(5);
    const hub = new SseHub({ ring, maxSubscribers: 1 });
    const port = await listen(hub);
    const first = await connect(port);
    const second = await connect(port);
    expect(second.res.statusCode).toBe(503);
    first.res.destroy();
    second.res.destroy();
  });
});
