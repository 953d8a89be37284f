// TCP streams end to end: Debian's redis-server and PostgreSQL behind a stream, then the
// stream's behaviour against small named upstreams — balancing over the pool objects of
// HTTP (weights, backup, next upstream), allow/deny, limit_conn, proxy_timeout, and hot
// apply (a changed stream keeps its open connections, a removed one drains within a bound,
// a port that cannot be bound disables that stream alone).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readControlToken } from '../../core/contract/control-token.ts';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { freePort } from '../helpers/ports.ts';
import { ensureDebianPackages, postgresBin, startNamedTcpUpstream, startPostgres, startRedis, streamClient, type RunningServer } from '../helpers/stream-servers.ts';

const haveRedis = ensureDebianPackages({ 'redis-server': 'redis-server', 'redis-tools': 'redis-cli' });
const havePostgres = ensureDebianPackages({ postgresql: '/usr/lib/postgresql', 'postgresql-client': 'psql' }) && postgresBin() !== null;

const run = promisify(execFile);
const DRAIN_MS = 400;
let engine: TestEngine;

beforeAll(async () => {
  engine = await startTestEngine({ PORTICO_STREAM_DRAIN_MS: String(DRAIN_MS) });
});
afterAll(async () => {
  await engine?.stop();
});

/** The engine's control API (what GET /api/v1/engine/status and the Streams page relay). */
async function control<T>(path: string): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${engine.engine.ports.control}${path}`, { headers: { authorization: `Bearer ${readControlToken(engine.dataDir)}` } });
  return (await res.json()) as T;
}
const status = () => control<{ errors: { objectType: string; name: string; path: string; message: string }[] }>('/status');

describe.skipIf(!haveRedis)('redis-server behind a TCP stream', () => {
  let redis: RunningServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => redis?.stop());

  it('answers redis-cli PING and keeps data across commands', async () => {
    const port = await freePort();
    await engine.configure({ hosts: [], streams: [{ name: 'redis', listenPort: port, address: `127.0.0.1:${redis.port}` }] });
    const cli = async (...args: string[]) => (await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 10000 })).stdout.trim();
    expect(await cli('PING')).toBe('PONG');
    expect(await cli('SET', 'portico', 'streams')).toBe('OK');
    expect(await cli('GET', 'portico')).toBe('streams');
  });
});

describe.skipIf(!havePostgres)('PostgreSQL behind a TCP stream', () => {
  let postgres: RunningServer;
  beforeAll(async () => {
    postgres = await startPostgres();
  }, 60000);
  afterAll(async () => postgres?.stop());

  it("answers psql -c 'select 1' through a pool", async () => {
    const port = await freePort();
    await engine.configure({ hosts: [], pools: [{ name: 'pg', servers: [{ address: `127.0.0.1:${postgres.port}` }] }], streams: [{ name: 'postgres', listenPort: port, poolId: 'pg' }] });
    // Asynchronously: the engine runs in this process, a blocking spawn would stall it.
    const psql = await run('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-At', '-c', 'select 1'], { timeout: 20000, env: { ...process.env, PGCONNECT_TIMEOUT: '10' } });
    expect(psql.stderr).toBe('');
    expect(psql.stdout.trim()).toBe('1');
  });
});

describe('TCP stream behaviour', () => {
  const upstreams: Record<string, RunningServer & { connections: number }> = {};
  let refusedPort: number;
  beforeAll(async () => {
    for (const name of ['a', 'b', 'c']) upstreams[name] = await startNamedTcpUpstream(name);
    refusedPort = await freePort();
  });
  afterAll(async () => {
    for (const u of Object.values(upstreams)) await u.stop();
  });
  const at = (name: string) => `127.0.0.1:${upstreams[name]!.port}`;
  const greeting = async (port: number) => {
    const client = await streamClient(port);
    const text = await client.next('\n');
    client.socket.destroy();
    return text.trim();
  };

  const balancing = [
    { desc: 'round robin with weights 2:1', pool: { servers: () => [{ address: at('a'), weight: 2 }, { address: at('b') }] }, connections: 6, expected: { a: 4, b: 2 } },
    { desc: 'a backup only when the primary cannot be reached (next upstream)', pool: { servers: () => [{ address: `127.0.0.1:${refusedPort}` }, { address: at('c'), backup: true }] }, connections: 3, expected: { c: 3 } },
    { desc: 'the next server when one refuses', pool: { servers: () => [{ address: `127.0.0.1:${refusedPort}`, maxFails: 1 }, { address: at('b') }] }, connections: 4, expected: { b: 4 } },
    { desc: 'least connections', pool: { algorithm: 'LEAST_CONN', servers: () => [{ address: at('a') }, { address: at('b') }] }, connections: 4, expected: { a: 2, b: 2 } },
  ];
  it.each(balancing)('balances: $desc', async ({ pool, connections, expected }) => {
    const port = await freePort();
    await engine.configure({ hosts: [], pools: [{ name: 'p', algorithm: (pool as { algorithm?: string }).algorithm, servers: pool.servers() }], streams: [{ name: 's', listenPort: port, poolId: 'p' }] });
    const seen: Record<string, number> = {};
    for (let i = 0; i < connections; i++) {
      const name = await greeting(port);
      seen[name] = (seen[name] ?? 0) + 1;
    }
    expect(seen).toEqual(expected);
  });

  it('an active TCP health check takes a server that refuses connections out of the pool', async () => {
    const port = await freePort();
    // No passive accounting and no next upstream: only the active check can keep the dead server out.
    const servers = [{ address: at('a'), maxFails: 0 }, { address: `127.0.0.1:${refusedPort}`, maxFails: 0 }];
    await engine.configure({ hosts: [], pools: [{ name: 'p', servers, healthCheck: { intervalMs: 100, timeoutMs: 100, rise: 1, fall: 1 } }], streams: [{ name: 's', listenPort: port, poolId: 'p', nextUpstream: false }] });
    await expect.poll(async () => [await greeting(port), await greeting(port), await greeting(port), await greeting(port)], { timeout: 10000 }).toEqual(['a', 'a', 'a', 'a']);
  });

  it('hashes the client address to one server', async () => {
    const port = await freePort();
    await engine.configure({ hosts: [], pools: [{ name: 'p', algorithm: 'IP_HASH', servers: [{ address: at('a') }, { address: at('b') }, { address: at('c') }] }], streams: [{ name: 's', listenPort: port, poolId: 'p' }] });
    const names = new Set<string>();
    for (let i = 0; i < 5; i++) names.add(await greeting(port));
    expect(names.size).toBe(1);
  });

  const access = [
    { desc: 'deny all', rules: [{ action: 'deny', source: 'all' }], reaches: false },
    { desc: 'allow the client, deny the rest', rules: [{ action: 'allow', source: '127.0.0.1' }, { action: 'deny', source: 'all' }], reaches: true },
    { desc: 'deny the client by CIDR', rules: [{ action: 'deny', source: '127.0.0.0/8' }], reaches: false },
    { desc: 'allow another network only', rules: [{ action: 'allow', source: '10.0.0.0/8' }, { action: 'deny', source: 'all' }], reaches: false },
  ];
  it.each(access)('allow/deny: $desc', async ({ rules, reaches }) => {
    const port = await freePort();
    await engine.configure({ hosts: [], streams: [{ name: 's', listenPort: port, address: at('a'), access: rules }] });
    const before = upstreams.a!.connections;
    const client = await streamClient(port);
    if (reaches) expect((await client.next('\n')).trim()).toBe('a');
    else {
      await client.closed;
      expect(client.received()).toBe('');
      expect(upstreams.a!.connections).toBe(before);
    }
    client.socket.destroy();
  });

  it('limits connections per client address (limit_conn) and counts the refused', async () => {
    const port = await freePort();
    await engine.configure({ hosts: [], streams: [{ name: 's', listenPort: port, address: at('a'), limits: { perClient: 1 } }] });
    const first = await streamClient(port);
    expect((await first.next('\n')).trim()).toBe('a');
    const second = await streamClient(port);
    await second.closed;
    expect(second.received()).toBe('');
    first.socket.destroy();
    await first.closed;
    // The slot is free again once the engine has seen the first connection go.
    type Live = { streams: { name: string; accepted: number; limited: number; active: number; bytesIn: number; bytesOut: number }[] };
    await expect.poll(async () => (await control<Live>('/streams')).streams[0]?.active).toBe(0);
    expect(await greeting(port)).toBe('a');
    await expect.poll(async () => (await control<Live>('/streams')).streams).toEqual([expect.objectContaining({ name: 's', limited: 1, active: 0, accepted: 2, bytesOut: 4 })]);
    const metrics = await (await fetch(`http://127.0.0.1:${engine.engine.ports.control}/metrics`, { headers: { authorization: `Bearer ${readControlToken(engine.dataDir)}` } })).text();
    expect(metrics).toContain('portico_stream_connections_limited_total{stream="s",protocol="tcp"} 1\n');
    expect(metrics).toContain('portico_stream_sent_bytes_total{stream="s",protocol="tcp"} 4\n');
  });

  it('closes a connection idle for proxy_timeout', async () => {
    const port = await freePort();
    await engine.configure({ hosts: [], streams: [{ name: 's', listenPort: port, address: at('b'), idleTimeoutMs: 300 }] });
    const client = await streamClient(port);
    await client.next('\n');
    await client.closed;
    expect(client.socket.destroyed).toBe(true);
  });

  it('hot apply: a changed stream keeps its open connections, a removed one drains and stops accepting', async () => {
    const port = await freePort();
    const other = await freePort();
    await engine.configure({ hosts: [], streams: [{ name: 's', listenPort: port, address: at('a') }] });
    const old = await streamClient(port);
    expect((await old.next('\n')).trim()).toBe('a');

    // Changed: new connections go to b, the open one still talks to a.
    await engine.configure({ hosts: [], streams: [{ name: 's', listenPort: port, address: at('b') }] });
    expect(await greeting(port)).toBe('b');
    old.socket.write('ping');
    expect(await old.next('a:ping')).toContain('a:ping');

    // Removed (the port moves): the old port refuses new connections, the open one
    // still works until the drain bound, then it is cut.
    await engine.configure({ hosts: [], streams: [{ name: 's', listenPort: other, address: at('b') }] });
    expect(await greeting(other)).toBe('b');
    await expect(streamClient(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    old.socket.write('still');
    expect(await old.next('a:still')).toContain('a:still');
    await old.closed;
  });

  it('the tracer says which stream, SNI route and pool a port and a server name reach', async () => {
    const port = await freePort();
    await engine.configure({
      hosts: [],
      pools: [{ name: 'p', servers: [{ address: at('a') }, { address: at('b') }] }],
      streams: [{ name: 'tls', listenPort: port, poolId: 'p', access: [{ action: 'deny', source: '10.0.0.0/8' }], sni: [{ serverNames: ['db.test'], address: at('c') }] }],
    });
    const trace = async (body: object) => {
      const res = await fetch(`http://127.0.0.1:${engine.engine.ports.control}/streams/trace`, { method: 'POST', headers: { authorization: `Bearer ${readControlToken(engine.dataDir)}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return res.json();
    };
    expect(await trace({ port, serverName: 'DB.test' })).toMatchObject({ stream: { name: 'tls' }, via: 'sni', allowed: true, pool: { servers: [at('c')] } });
    expect(await trace({ port, serverName: 'other.test', clientIp: '10.1.2.3' })).toMatchObject({ via: 'default', allowed: false, pool: { name: 'p', servers: [at('a'), at('b')] } });
    expect(await trace({ port: refusedPort })).toMatchObject({ stream: null, reason: expect.stringContaining('no stream listens there') });
    expect(await trace({ entrypoint: 'https', serverName: 'db.test' })).toMatchObject({ stream: null, via: 'terminated' });
  });

  it('refuses to connect to a cloud metadata address whatever the configuration says (SSRF guard)', async () => {
    const port = await freePort();
    await engine.configure({ hosts: [], streams: [{ name: 'meta', listenPort: port, address: '169.254.169.254:80' }] });
    const client = await streamClient(port);
    await client.closed;
    expect(client.received()).toBe('');
    await expect.poll(async () => (await control<{ streams: { name: string; upstreamFailed: number }[] }>('/streams')).streams).toEqual([expect.objectContaining({ name: 'meta', upstreamFailed: 1 })]);
  });

  it('a port that cannot be bound disables that stream alone, with its error', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '0.0.0.0', resolve));
    const takenPort = (taken.address() as net.AddressInfo).port;
    const port = await freePort();
    try {
      await engine.configure({
        hosts: [],
        streams: [
          { name: 'blocked', listenPort: takenPort, address: at('a') },
          { name: 'fine', listenPort: port, address: at('c') },
        ],
      });
      expect(await greeting(port)).toBe('c');
      const { errors } = await status();
      expect(errors).toContainEqual(expect.objectContaining({ objectType: 'stream', name: 'blocked', path: 'listenPort', message: expect.stringContaining('already in use') }));
    } finally {
      taken.close();
    }
  });
});
