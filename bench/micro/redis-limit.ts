// What a Redis-backed limit (PORTICO_REDIS_URL) adds per request against the local one:
// 1. µs per limit_req check: the in-memory zone; Redis one check at a time (a round trip
//    each, the latency a request sees); Redis with 256 checks in flight (pipelined on one
//    connection, the throughput one thread gets);
// 2. req/s of one proxied location with limit_req (a rate high enough that every request
//    passes and writes): an engine with local zones against one with Redis zones, wrk with
//    32 keep-alive connections for 5 s each, best of 3.
// Run: node bench/micro/redis-limit.ts   (starts its own redis-server; not a test)
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseRedisUrl, type RedisAddress } from '../../core/redis/url.ts';
import { createRateLimit, type RateLimit } from '../../proxy-engine/middlewares/rate-limit/rate-limit.ts';
import { RateZones } from '../../proxy-engine/middlewares/rate-limit/zones.ts';
import type { LimitRequestView } from '../../proxy-engine/middlewares/rate-limit/key.ts';
import { RedisState } from '../../proxy-engine/redis/redis-state.ts';
import { redisMemoryZones } from '../../proxy-engine/redis/zones.ts';
import { ruleConfig, view, zoneConfig } from '../../test/helpers/rate-limit-support.ts';
import { startTestRedis } from '../../test/helpers/redis.ts';
import { startTestEngine, type TestEngine } from '../../test/helpers/engine.ts';
import { wrk } from '../lib/wrk.ts';

const zone = zoneConfig({ name: 'req', rate: { count: 1_000_000, per: 'second' }, maxEntries: 10_000 });
const rules = [ruleConfig({ zone: 'req', burst: 100_000, nodelay: true })];
const views: LimitRequestView[] = Array.from({ length: 1024 }, (_, i) => view({ clientIp: `10.${(i >> 8) & 255}.${i & 255}.1` }));
const ROUNDS = 3;

async function bestUs(checks: number, run: (n: number) => Promise<void> | void): Promise<number> {
  await run(Math.min(checks, 2000));
  let fastest = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    await run(checks);
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - start) / 1000 / checks);
  }
  return fastest;
}

function limiterOn(zones: RateZones): RateLimit {
  zones.apply([zone]);
  return createRateLimit(rules, zones)!;
}

const redis = await startTestRedis();
const address = parseRedisUrl(redis.url) as RedisAddress;
const state = new RedisState({ address, failure: 'open' });
while (!state.available) await new Promise((r) => setTimeout(r, 10));

const local = limiterOn(new RateZones());
const remote = limiterOn(redisMemoryZones(state).rateZones);

const localUs = await bestUs(200_000, (n) => {
  for (let i = 0; i < n; i++) local.check(views[i & 1023]!);
});
const sequentialUs = await bestUs(5_000, async (n) => {
  for (let i = 0; i < n; i++) await remote.check(views[i & 1023]!);
});
// The floor: a PING round trip on the same connection (the machine, not the script).
const pingUs = await bestUs(5_000, async (n) => {
  for (let i = 0; i < n; i++) await state.client.command(['PING']);
});
const pipelinedUs = await bestUs(50_000, async (n) => {
  let next = 0;
  const lane = async () => {
    while (next < n) await remote.check(views[next++ & 1023]!);
  };
  await Promise.all(Array.from({ length: 256 }, lane));
});

console.log('limit_req check (µs, best of 3)');
console.log(`  in-memory zone                     ${localUs.toFixed(3)}`);
console.log(`  Redis, one at a time (round trip)  ${sequentialUs.toFixed(1)}`);
console.log(`  (PING round trip on that connection ${pingUs.toFixed(1)})`);
console.log(`  Redis, 256 in flight (per check)   ${pipelinedUs.toFixed(1)}  (${Math.round(1e6 / pipelinedUs).toLocaleString('en')} checks/s on one connection)`);
state.close();

// req/s of one location.
const upstream = http.createServer((_req, res) => res.end('ok'));
await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
const upstreamAddress = `127.0.0.1:${(upstream.address() as AddressInfo).port}`;
const configure = (engine: TestEngine) =>
  engine.configure({
    limitZones: [{ name: 'req', kind: 'REQUEST', rate: { count: 1_000_000, per: 'second' } }],
    hosts: [
      {
        serverNames: ['bench.test'],
        locations: [
          { path: '/limited/', action: { kind: 'proxy', address: upstreamAddress }, policies: { rateLimits: [{ zone: 'req', burst: 100_000, nodelay: true }] } },
          { path: '/', action: { kind: 'proxy', address: upstreamAddress } },
        ],
      },
    ],
  });
const rows: string[] = [];
for (const [label, env] of [
  ['local zone', {}],
  ['Redis zone', { PORTICO_REDIS_URL: redis.url }],
] as const) {
  const engine = await startTestEngine({ ...env, PORTICO_STATS: 'off' });
  await configure(engine);
  for (const path of ['/', '/limited/x']) {
    if (label === 'Redis zone' && path === '/') continue;
    let best = { rps: 0, p50Ms: 0, p99Ms: 0, errors: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const result = await wrk({ url: `http://127.0.0.1:${engine.port}${path}`, host: 'bench.test', connections: 32, durationS: 5 });
      if (result.rps > best.rps) best = result;
    }
    rows.push(`  ${(path === '/' ? 'no limit' : `limit_req, ${label}`).padEnd(24)} ${Math.round(best.rps).toLocaleString('en').padStart(8)} req/s  p50 ${best.p50Ms.toFixed(2)} ms  p99 ${best.p99Ms.toFixed(2)} ms  errors ${best.errors}`);
  }
  await engine.stop();
}
console.log('one proxied location, wrk -c32 5 s, best of 3');
for (const row of rows) console.log(row);
upstream.close();
await redis.stop();
process.exit(0);
