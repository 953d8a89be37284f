// The Redis client and the Redis-backed limit zones against a real redis-server: nginx's
// arithmetic done atomically on the server for several "instances" (RedisState objects,
// each with its own connection, as two engines have), limit_conn leases, TTLs, and what
// happens while the server is down.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRedisUrl, type RedisAddress } from '../../core/redis/url.ts';
import { readEnv, EnvError } from '../../core/env.ts';
import { hasRedisServer, startTestRedis, type TestRedis } from '../../test/helpers/redis.ts';
import { ruleConfig, view, zoneConfig } from '../../test/helpers/rate-limit-support.ts';
import { createRateLimit, type RateDecision } from '../middlewares/rate-limit/rate-limit.ts';
import { createConnLimit, type ConnDecision } from '../middlewares/conn-limit/conn-limit.ts';
import { defineScript, RedisClient } from '../../core/redis/client.ts';
import { RedisState, type RedisFailureMode } from './redis-state.ts';
import { redisMemoryZones } from './zones.ts';
import { waitFor } from '../../test/helpers/ports.ts';

describe('PORTICO_REDIS_URL', () => {
  it('reads host, port, credentials and database', () => {
    expect(parseRedisUrl('redis://u:p%40ss@10.0.0.5:6380/3')).toEqual({ host: '10.0.0.5', port: 6380, username: 'u', password: 'p@ss', db: 3 });
    expect(parseRedisUrl('redis://:secret@localhost')).toEqual({ host: 'localhost', port: 6379, username: null, password: 'secret', db: 0 });
  });

  it('refuses a bad value at startup, naming the variable', () => {
    for (const bad of ['localhost:6379', 'http://x:1', 'redis://h:1/x']) {
      let error: unknown;
      try {
        readEnv({ PORTICO_REDIS_URL: bad });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(EnvError);
      expect((error as EnvError).problems[0]).toMatch(/^PORTICO_REDIS_URL: /);
    }
    expect(() => readEnv({ PORTICO_REDIS_FAILURE: 'maybe' })).toThrow(/PORTICO_REDIS_FAILURE/);
  });
});

describe.skipIf(!hasRedisServer)('credentials and database from the URL', () => {
  it('authenticates, selects the database, and reports a wrong password as the outage reason', async () => {
    const server = await startTestRedis(['--requirepass', 's3cret']);
    const wrong = new RedisClient(parseRedisUrl(`redis://:nope@127.0.0.1:${server.port}/2`) as RedisAddress, { onDown: () => {} });
    const right = new RedisClient(parseRedisUrl(`redis://default:s3cret@127.0.0.1:${server.port}/2`) as RedisAddress);
    try {
      await waitFor('authenticated', async () => right.ready, 5000, 10);
      await right.command(['SET', 'where', 'db2']);
      expect(server.cli('-a', 's3cret', '--no-auth-warning', '-n', '2', 'GET', 'where')).toBe('db2');
      expect(server.cli('-a', 's3cret', '--no-auth-warning', '-n', '0', 'EXISTS', 'where')).toBe('0');
      await waitFor('refused', async () => /WRONGPASS|invalid password/i.test(wrong.lastError), 5000, 10);
      expect(wrong.ready).toBe(false);
    } finally {
      wrong.close();
      right.close();
      await server.stop();
    }
  });
});

describe('a server that stops answering', () => {
  it('is cut after the timeout: pending commands fail, the client reconnects, nothing waits longer', async () => {
    // Accepts connections and reads, never answers (a hung or paused server).
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    let connections = 0;
    silent.on('connection', () => connections++);
    const downs: string[] = [];
    const client = new RedisClient({ host: '127.0.0.1', port, username: null, password: null, db: 0 }, { timeoutMs: 200, onDown: (reason) => downs.push(reason) });
    try {
      await waitFor('connected', async () => client.ready, 2000, 5);
      const started = performance.now();
      await expect(client.command(['PING'])).rejects.toThrow(/no answer within 200 ms/);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(downs).toEqual(['no answer within 200 ms']);
      // While down, a command fails at once instead of queueing.
      if (!client.ready) await expect(client.command(['PING'])).rejects.toThrow(/Redis unavailable/);
      await waitFor('reconnected', async () => connections >= 2, 3000, 10);
    } finally {
      client.close();
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});

describe.skipIf(!hasRedisServer)('against redis-server', () => {
  let redis: TestRedis;
  let address: RedisAddress;
  const opened: { close(): void }[] = [];
  const instance = (failure: RedisFailureMode = 'open', leaseMs?: number) => {
    const state = new RedisState({ address, failure, ...(leaseMs ? { leaseMs } : {}), timeoutMs: 500 });
    opened.push(state);
    return state;
  };
  const ready = (state: RedisState) => waitFor('redis connection', async () => state.available, 5000, 10);

  beforeAll(async () => {
    redis = await startTestRedis();
    address = parseRedisUrl(redis.url) as RedisAddress;
  });
  afterAll(async () => {
    for (const o of opened) o.close();
    await redis?.stop();
  });

  it('pipelines, runs scripts by SHA and loads them again after SCRIPT FLUSH', async () => {
    const client = new RedisClient(address);
    opened.push(client);
    await waitFor('connect', async () => client.ready, 5000, 10);
    const replies = await Promise.all(Array.from({ length: 500 }, () => client.command(['INCR', 'pipelined'])));
    expect(replies).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    const script = defineScript("return redis.call('GET', KEYS[1])");
    expect(await client.evalScript(script, ['pipelined'], [])).toBe('500');
    await client.command(['SCRIPT', 'FLUSH']);
    expect(await client.evalScript(script, ['pipelined'], [])).toBe('500');
    await expect(client.command(['NOSUCHCOMMAND'])).rejects.toThrow(/unknown command/);
  });

  it('limit_req across two instances: one bucket, checked and accounted atomically on the server', async () => {
    const a = instance();
    const b = instance();
    await Promise.all([ready(a), ready(b)]);
    const zone = zoneConfig({ name: 'atomic' });
    const limiters = [a, b].map((state) => {
      const zones = redisMemoryZones(state).rateZones;
      zones.apply([zone]);
      return createRateLimit([ruleConfig({ zone: 'atomic', burst: 5, nodelay: true })], zones)!;
    });
    // 200 checks at once, half through each instance: a read-then-write would let many
    // through; nginx admits the first request and a burst of 5.
    const decisions = (await Promise.all(Array.from({ length: 200 }, (_, i) => limiters[i % 2]!.check(view())))) as RateDecision[];
    expect(decisions.filter((d) => d.action === 'pass').length).toBe(6);
    expect(decisions.filter((d) => d.action === 'reject').every((d) => d.action === 'reject' && d.status === 503)).toBe(true);
    // The bucket expires by itself: 60 s of idleness after the 0.6 s it takes to drain.
    const keys = redis.cli('--scan', '--pattern', 'portico:req:atomic:*').split('\n');
    expect(keys).toHaveLength(1);
    const ttl = Number(redis.cli('PTTL', keys[0]!));
    expect(ttl).toBeGreaterThan(59_000);
    expect(ttl).toBeLessThanOrEqual(60_000 + 600);
  });

  it('limit_req delays as nginx does (the later rule on a tie, the largest delay)', async () => {
    const a = instance();
    await ready(a);
    const zones = redisMemoryZones(a).rateZones;
    zones.apply([zoneConfig({ name: 'd1' }), zoneConfig({ name: 'd2', rate: { count: 5, per: 'second' } })]);
    const limiter = createRateLimit([ruleConfig({ zone: 'd1', burst: 10 }), ruleConfig({ zone: 'd2', burst: 10 })], zones)!;
    const decisions: RateDecision[] = [];
    for (let i = 0; i < 3; i++) decisions.push(await limiter.check(view({ clientIp: '198.51.100.7' })));
    expect(decisions[0]).toMatchObject({ action: 'pass' });
    // Third request: excess 2000 in both; 5 r/s → 400 ms beats 10 r/s → 200 ms (or less by the time passed).
    expect(decisions[2]).toMatchObject({ action: 'delay', zone: 'd2' });
    expect((decisions[2] as { ms: number }).ms).toBeGreaterThan(300);
    expect((decisions[2] as { ms: number }).ms).toBeLessThanOrEqual(400);
  });

  it('limit_conn across two instances, and a dead instance’s slots come back after its lease', async () => {
    const a = instance('open', 400);
    const b = instance('open', 400);
    await Promise.all([ready(a), ready(b)]);
    const zone = zoneConfig({ name: 'conns', kind: 'CONNECTION', rate: undefined });
    const limiters = [a, b].map((state) => {
      const zones = redisMemoryZones(state).connZones;
      zones.apply([zone]);
      return createConnLimit([{ zone: 'conns', max: 3, status: 503, dryRun: false }], zones)!;
    });
    const first = (await Promise.all(Array.from({ length: 10 }, (_, i) => limiters[i % 2]!.acquire(view())))) as ConnDecision[];
    const passed = first.filter((d) => d.action === 'pass');
    expect(passed).toHaveLength(3);
    // One ends: one more fits, from either instance.
    (passed[0] as { release(): void }).release();
    await waitFor('release', async () => ((await limiters[1]!.acquire(view())) as ConnDecision).action === 'pass', 2000, 10);
    expect(((await limiters[0]!.acquire(view())) as ConnDecision).action).toBe('reject');
    // Instance a dies holding what it holds (no release, no more lease renewals).
    const heldByA = first.filter((d, i) => d.action === 'pass' && i % 2 === 0).length - (first.indexOf(passed[0]!) % 2 === 0 ? 1 : 0);
    a.close();
    await new Promise((r) => setTimeout(r, 900));
    const after = (await Promise.all(Array.from({ length: 5 }, () => limiters[1]!.acquire(view())))) as ConnDecision[];
    expect(after.filter((d) => d.action === 'pass')).toHaveLength(heldByA);
  });

  it('while the server is down: fail-open counts locally, fail-closed answers 503; both come back', async () => {
    const open = instance('open');
    const closed = instance('closed');
    await Promise.all([ready(open), ready(closed)]);
    const zone = zoneConfig({ name: 'outage' });
    const limiters = [open, closed].map((state) => {
      const zones = redisMemoryZones(state).rateZones;
      zones.apply([zone]);
      return createRateLimit([ruleConfig({ zone: 'outage', burst: 1, nodelay: true, status: 429 })], zones)!;
    });
    await redis.kill();
    await waitFor('outage seen', async () => !open.available && !closed.available, 5000, 10);
    expect(open.status()).toMatchObject({ state: 'down', failure: 'open' });
    expect(open.status().warning).toMatch(/unreachable.*fail-open/);
    const openDecisions = [];
    for (let i = 0; i < 4; i++) openDecisions.push(await limiters[0]!.check(view({ clientIp: '203.0.113.9' })));
    // The local zone: first request and a burst of 1.
    expect(openDecisions.map((d) => d.action)).toEqual(['pass', 'pass', 'reject', 'reject']);
    expect(await limiters[1]!.check(view({ clientIp: '203.0.113.9' }))).toMatchObject({ action: 'reject', status: 503 });
    // An instance started while Redis is down: one warning, serves from its local zones, connects later.
    const told: string[] = [];
    const late = new RedisState({ address, failure: 'open', onOutage: (m) => told.push(`down: ${m}`), onRecovered: (m) => told.push(`up: ${m}`) });
    opened.push(late);
    await waitFor('first connection refused', async () => told.length === 1, 5000, 10);
    await new Promise((r) => setTimeout(r, 300)); // several reconnection attempts, no more warnings
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/^down: .*unreachable/);
    await redis.restart();
    await waitFor('reconnected', async () => open.available && closed.available && late.available, 10_000, 20);
    expect(told).toHaveLength(2);
    expect(told[1]).toMatch(/^up: .*reachable again/);
    expect(open.status()).toMatchObject({ state: 'up', warning: null });
    expect(await limiters[1]!.check(view({ clientIp: '203.0.113.10' }))).toMatchObject({ action: 'pass' });
  });
});
