// A stream's connections, bytes and durations in the engine's one-second statistics (the
// SSE stream the Live page charts): bytes of an open connection show as they move, and
// once it closes, each byte has been counted once; a UDP stream's sessions likewise; a
// refused connection is counted by its reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readControlToken } from '../../core/contract/control-token.ts';
import type { StatsSnapshot, StreamSecond } from '../../core/contract/stats.ts';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { freePort, waitFor } from '../helpers/ports.ts';
import { startNamedTcpUpstream, startUdpEcho, streamClient, udpClient, type RunningServer } from '../helpers/stream-servers.ts';

let engine: TestEngine;
let tcp: RunningServer;
let udp: RunningServer;

beforeAll(async () => {
  engine = await startTestEngine();
  tcp = await startNamedTcpUpstream('t');
  udp = await startUdpEcho('u');
});
afterAll(async () => {
  await engine?.stop();
  await tcp?.stop();
  await udp?.stop();
});

/** The snapshots since `since` (epoch seconds) from the control API's SSE stream. */
async function snapshotsSince(since: number): Promise<StatsSnapshot[]> {
  const controller = new AbortController();
  const res = await fetch(`http://127.0.0.1:${engine.engine.ports.control}/stats/stream`, { headers: { authorization: `Bearer ${readControlToken(engine.dataDir)}`, 'last-event-id': String(since) }, signal: controller.signal });
  const reader = res.body!.getReader();
  let text = '';
  // The backfill arrives at once; a moment more is enough to read it.
  const stop = setTimeout(() => controller.abort(), 300);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString();
    }
  } catch {
    // aborted: what arrived is in `text`
  }
  clearTimeout(stop);
  return [...text.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]!) as StatsSnapshot);
}

type Sums = Omit<StreamSecond, 'protocol' | 'active' | 'meanDurationMs'> & { lastActive: number; durations: number[] };
function sums(snapshots: StatsSnapshot[], name: string): Sums {
  const out: Sums = { opened: 0, closed: 0, denied: 0, limited: 0, upstreamFailed: 0, bytesIn: 0, bytesOut: 0, lastActive: 0, durations: [] };
  for (const s of snapshots) {
    const second = s.streams?.[name];
    out.lastActive = second?.active ?? 0;
    if (!second) continue;
    for (const key of ['opened', 'closed', 'denied', 'limited', 'upstreamFailed', 'bytesIn', 'bytesOut'] as const) out[key] += second[key];
    if (second.meanDurationMs !== null) out.durations.push(second.meanDurationMs);
  }
  return out;
}

async function until(name: string, since: number, done: (s: Sums) => boolean): Promise<Sums> {
  let last: Sums | null = null;
  await waitFor(`the stream ${name} in the statistics`, async () => done((last = sums(await snapshotsSince(since), name))), 10_000, 250).catch((error: Error) => {
    throw new Error(`${error.message}; last seen ${JSON.stringify(last)}`);
  });
  return last!;
}

describe('stream statistics', () => {
  it('count a TCP connection: bytes while it is open, then its close and duration, each byte once', async () => {
    const port = await freePort();
    await engine.configure({ hosts: [], streams: [{ name: 'echo', listenPort: port, address: `127.0.0.1:${tcp.port}` }] });
    const since = Math.floor(Date.now() / 1000) - 1;
    const client = await streamClient(port);
    await client.next('t\n');
    client.socket.write('hello');
    await client.next('t:hello');
    // "hello" in; the greeting "t\n" and "t:hello" out.
    const open = await until('echo', since, (s) => s.bytesIn === 5 && s.bytesOut === 9);
    expect(open).toMatchObject({ opened: 1, closed: 0, lastActive: 1 });

    await new Promise((resolve) => setTimeout(resolve, 300));
    client.socket.end();
    await client.closed;
    const closed = await until('echo', since, (s) => s.closed === 1);
    expect(closed).toMatchObject({ opened: 1, closed: 1, bytesIn: 5, bytesOut: 9, lastActive: 0 });
    expect(closed.durations).toHaveLength(1);
    expect(closed.durations[0]).toBeGreaterThanOrEqual(300);
  });

  it('count refused connections by reason', async () => {
    const port = await freePort();
    const unreachable = await freePort();
    await engine.configure({ hosts: [], streams: [{ name: 'refusing', listenPort: port, address: `127.0.0.1:${unreachable}` }] });
    const since = Math.floor(Date.now() / 1000) - 1;
    const client = await streamClient(port);
    await client.closed;
    expect(await until('refusing', since, (s) => s.upstreamFailed === 1)).toMatchObject({ upstreamFailed: 1, bytesOut: 0 });
  });

  it('count a UDP session and its datagrams', async () => {
    const port = await freePort();
    await engine.configure({ hosts: [], streams: [{ name: 'dgram', protocol: 'udp', listenPort: port, address: `127.0.0.1:${udp.port}`, idleTimeoutMs: 200 }] });
    const since = Math.floor(Date.now() / 1000) - 1;
    const client = await udpClient();
    try {
      expect(await client.exchange(port, 'ping')).toBe('u:ping');
      expect(await client.exchange(port, 'ping')).toBe('u:ping');
      const s = await until('dgram', since, (x) => x.closed === 1);
      expect(s).toMatchObject({ opened: 1, closed: 1, bytesIn: 8, bytesOut: 12, lastActive: 0 });
    } finally {
      client.close();
    }
  });
});
