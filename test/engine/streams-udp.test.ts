// UDP streams: DNS with `dig` through Portico to Debian's BIND, then nginx's UDP session
// semantics against small echo upstreams — one upstream socket per client, proxy_responses
// ending a session, proxy_timeout ending an idle one, allow/deny and limits per session.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readControlToken } from '../../core/contract/control-token.ts';
import type { StreamStatus } from '../../core/contract/streams.ts';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { freePort } from '../helpers/ports.ts';
import { ensureDebianPackages, startNamed, startUdpEcho, udpClient, type RunningServer } from '../helpers/stream-servers.ts';

const run = promisify(execFile);
const haveBind = ensureDebianPackages({ bind9: '/usr/sbin/named', 'bind9-dnsutils': 'dig' });

let engine: TestEngine;
beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => {
  await engine?.stop();
});

async function live(name: string): Promise<StreamStatus | undefined> {
  const res = await fetch(`http://127.0.0.1:${engine.engine.ports.control}/streams`, { headers: { authorization: `Bearer ${readControlToken(engine.dataDir)}` } });
  return ((await res.json()) as { streams: StreamStatus[] }).streams.find((s) => s.name === name);
}

describe.skipIf(!haveBind)('DNS over a UDP stream to BIND', () => {
  let named: RunningServer;
  beforeAll(async () => {
    named = await startNamed('portico.test', '192.0.2.7');
  }, 60000);
  afterAll(async () => named?.stop());

  it('dig resolves through Portico, one response per query (proxy_responses 1)', async () => {
    const port = await freePort();
    await engine.configure({ hosts: [], streams: [{ name: 'dns', protocol: 'udp', listenPort: port, address: `127.0.0.1:${named.port}`, responses: 1 }] });
    const dig = async () => (await run('dig', ['@127.0.0.1', '-p', String(port), 'portico.test', 'A', '+short', '+tries=1', '+timeout=5'])).stdout.trim();
    expect(await dig()).toBe('192.0.2.7');
    expect(await dig()).toBe('192.0.2.7');
    // Each answered query ended its session.
    await expect.poll(async () => (await live('dns'))?.sessions).toBe(0);
    expect(await live('dns')).toMatchObject({ accepted: 2 });
  });
});

describe('UDP session semantics', () => {
  let echo: RunningServer & { sources: Set<number>; datagrams: number };
  let twice: RunningServer & { sources: Set<number>; datagrams: number };
  beforeAll(async () => {
    echo = await startUdpEcho('e');
    twice = await startUdpEcho('t', 2);
  });
  afterAll(async () => {
    await echo?.stop();
    await twice?.stop();
  });

  it('keeps one upstream socket per client session, and sessions apart from each other', async () => {
    const port = await freePort();
    await engine.configure({ hosts: [], streams: [{ name: 'u', protocol: 'udp', listenPort: port, address: `127.0.0.1:${echo.port}` }] });
    echo.sources.clear();
    const [one, two] = [await udpClient(), await udpClient()];
    expect(await one.exchange(port, 'a')).toBe('e:a');
    expect(await one.exchange(port, 'b')).toBe('e:b');
    expect(await two.exchange(port, 'c')).toBe('e:c');
    expect(echo.sources.size).toBe(2);
    expect(await live('u')).toMatchObject({ sessions: 2, accepted: 2, bytesIn: 3, bytesOut: 9 });
    one.close();
    two.close();
  });

  it('relays every response until proxy_responses is reached, then ends the session', async () => {
    const port = await freePort();
    await engine.configure({ hosts: [], streams: [{ name: 'u', protocol: 'udp', listenPort: port, address: `127.0.0.1:${twice.port}`, responses: 2 }] });
    const client = await udpClient();
    expect(await client.exchange(port, 'q')).toBe('t:q');
    expect(await client.next()).toBe('t:q');
    await expect.poll(async () => (await live('u'))?.sessions).toBe(0);
    // The next datagram opens a new session.
    expect(await client.exchange(port, 'r')).toBe('t:r');
    expect(await live('u')).toMatchObject({ accepted: 2 });
    client.close();
  });

  it('ends a session after proxy_timeout without datagrams', async () => {
    const port = await freePort();
    await engine.configure({ hosts: [], streams: [{ name: 'u', protocol: 'udp', listenPort: port, address: `127.0.0.1:${echo.port}`, idleTimeoutMs: 200 }] });
    const client = await udpClient();
    expect(await client.exchange(port, 'x')).toBe('e:x');
    expect((await live('u'))?.sessions).toBe(1);
    await expect.poll(async () => (await live('u'))?.sessions, { timeout: 5000 }).toBe(0);
    client.close();
  });

  it('drops datagrams of a denied client, and of clients over the limit', async () => {
    const port = await freePort();
    await engine.configure({ hosts: [], streams: [{ name: 'u', protocol: 'udp', listenPort: port, address: `127.0.0.1:${echo.port}`, access: [{ action: 'deny', source: '127.0.0.1' }] }] });
    const before = echo.datagrams;
    const client = await udpClient();
    client.exchange(port, 'no', 0).catch(() => {});
    await expect.poll(async () => (await live('u'))?.denied).toBe(1);
    expect(echo.datagrams).toBe(before);

    await engine.configure({ hosts: [], streams: [{ name: 'u', protocol: 'udp', listenPort: port, address: `127.0.0.1:${echo.port}`, limits: { perClient: 1 } }] });
    const other = await udpClient();
    expect(await client.exchange(port, 'one')).toBe('e:one');
    other.exchange(port, 'two', 0).catch(() => {});
    await expect.poll(async () => (await live('u'))?.limited).toBe(1);
    client.close();
    other.close();
  });
});
