// The per-address sign-in limit (10 attempts a minute across accounts) counted for every
// dashboard in one real redis-server: two dashboards (two clients) share one count, and a
// dashboard that cannot reach Redis keeps counting on its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisClient } from '../../core/redis/client.ts';
import { parseRedisUrl, type RedisAddress } from '../../core/redis/url.ts';
import { redisAddressAttempts } from '../../app/_lib/auth/address-attempts.ts';
import { hasRedisServer, startTestRedis, type TestRedis } from '../helpers/redis.ts';
import { waitFor } from '../helpers/ports.ts';

describe.skipIf(!hasRedisServer)('sign-in attempts per address with PORTICO_REDIS_URL', () => {
  let redis: TestRedis;
  const clients: RedisClient[] = [];
  const dashboard = async (address: RedisAddress) => {
    const client = new RedisClient(address, { timeoutMs: 300 });
    clients.push(client);
    await waitFor('connected', async () => client.ready, 5000, 10);
    return redisAddressAttempts(client, 10, 60_000);
  };

  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await redis?.stop();
  });

  it('two dashboards share one count per address; other addresses are not affected', async () => {
    const address = parseRedisUrl(redis.url) as RedisAddress;
    const [one, two] = await Promise.all([dashboard(address), dashboard(address)]);
    const answers = await Promise.all(Array.from({ length: 14 }, (_, i) => (i % 2 === 0 ? one : two).take('192.0.2.50')));
    expect(answers.filter((a) => a === null)).toHaveLength(10);
    for (const wait of answers.filter((a) => a !== null)) {
      expect(wait).toBeGreaterThanOrEqual(59);
      expect(wait).toBeLessThanOrEqual(60);
    }
    expect(await one.take('192.0.2.51')).toBeNull();
    // Bounded: the set expires a minute after the last attempt.
    expect(Number(redis.cli('PTTL', 'portico:signin:192.0.2.50'))).toBeGreaterThan(59_000);
  });

  it('while Redis is unreachable each dashboard counts on its own', async () => {
    const address = parseRedisUrl(redis.url) as RedisAddress;
    const one = await dashboard(address);
    await redis.kill();
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await one.take('198.51.100.60'));
    expect(answers.filter((a) => a === null)).toHaveLength(10);
    await redis.restart();
  });
});
