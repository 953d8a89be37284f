// The live views' stream against a real SSE server (undici's EventSource, the WHATWG one
// browsers implement): the status words for each way a stream opens, drops and is refused.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventSource } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../test/helpers/ports.ts';
import { openEventStream, type StreamStatus } from './event-stream.ts';

type Reply = (req: IncomingMessage, res: ServerResponse) => void;

/** Answers the n-th request with the n-th reply (the last one from then on). */
async function sseServer(replies: Reply[]): Promise<{ url: string; requests: IncomingMessage[]; server: Server }> {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    replies[Math.min(requests.length, replies.length) - 1]!(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/stream`, requests, server };
}

const stream =
  (events: string, end = false): Reply =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    res.write(events);
    if (end) res.end();
  };
const refuse: Reply = (_req, res) => res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"code":"engine_unavailable"}}');

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

function follow(url: () => string, server: Server) {
  const statuses: StreamStatus[] = [];
  const messages: unknown[] = [];
  const dropped: string[] = [];
  const close = openEventStream({ url, onMessage: (m) => messages.push(m), events: { dropped: (d) => dropped.push(d) } }, (s) => statuses.push(s), { reopenMs: 20, EventSource: EventSource as unknown as typeof globalThis.EventSource });
  cleanup.push(close, () => server.closeAllConnections(), () => server.close());
  return { statuses, messages, dropped, close };
}

describe('openEventStream', () => {
  it('is connecting, then live; parses each event and skips one that does not parse', async () => {
    const { url, server } = await sseServer([stream('id: 1\ndata: {"seq":1}\n\ndata: not json\n\nevent: dropped\ndata: 3\n\nid: 2\ndata: {"seq":2}\n\n')]);
    const s = follow(() => url, server);
    await waitFor('two messages', async () => s.messages.length === 2 && s.dropped.length === 1);
    expect(s.statuses).toEqual(['connecting', 'live']);
    expect(s.messages).toEqual([{ seq: 1 }, { seq: 2 }]);
    expect(s.dropped).toEqual(['3']);
  });

  it('a dropped stream is reconnecting, then live again, resuming after the last id', async () => {
    const { url, requests, server } = await sseServer([stream('id: 7\ndata: {"seq":7}\nretry: 20\n\n', true), stream('id: 8\ndata: {"seq":8}\n\n')]);
    const s = follow(() => url, server);
    await waitFor('the second connection', async () => s.messages.length === 2);
    expect(s.statuses).toEqual(['connecting', 'live', 'reconnecting', 'live']);
    expect(requests[1]!.headers['last-event-id']).toBe('7');
  });

  it('a refused stream is unavailable, and is reopened from a fresh address', async () => {
    const { url, requests, server } = await sseServer([refuse, refuse, stream('data: {"seq":1}\n\n')]);
    let opened = 0;
    const s = follow(() => `${url}?attempt=${++opened}`, server);
    await waitFor('the stream after two refusals', async () => s.messages.length === 1);
    expect(s.statuses).toEqual(['connecting', 'unavailable', 'unavailable', 'live']);
    expect(requests.map((r) => r.url)).toEqual(['/stream?attempt=1', '/stream?attempt=2', '/stream?attempt=3']);
  });

  it('once closed, says and reopens nothing', async () => {
    const { url, server } = await sseServer([refuse]);
    let opened = 0;
    const s = follow(() => (opened++, url), server);
    await waitFor('the refusal', async () => s.statuses.includes('unavailable'));
    s.close();
    const seen = { opened, statuses: [...s.statuses] };
    // Long enough for several reopen delays to pass: a reopen would ask for the address.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect({ opened, statuses: s.statuses }).toEqual(seen);
  });
});
