// Sign-in attempts per client address across accounts (against password spraying): at most
// `limit` in a sliding minute. With PORTICO_REDIS_URL every dashboard counts in one place
// (a sorted set per address in Redis, trimmed and counted by one script with the server's
// clock); without it, or while Redis is unreachable, each dashboard counts in memory. The
// per-account lockouts need none of this: they live in the database (LoginThrottle,
// User.failedLogins), shared by every dashboard on it.
import crypto from 'node:crypto';
import { defineScript, RedisClient } from '@/core/redis/client.ts';
import { parseRedisUrl } from '@/core/redis/url.ts';
import { DEFAULT_KEY_PREFIX } from '@/core/redis/key-prefix.ts';
import { dashboardEnv } from '../env.ts';

export interface AddressAttempts {
  /** Counts one attempt; the seconds to wait when the address is over its limit (not counted then), else null. */
  take(ip: string): Promise<number | null>;
}

export function memoryAddressAttempts(limit: number, windowMs: number): AddressAttempts {
  const attempts = new Map<string, number[]>();
  return {
    async take(ip) {
      const now = Date.now();
      const recent = (attempts.get(ip) ?? []).filter((t) => now - t < windowMs);
      if (recent.length >= limit) return Math.ceil((windowMs - (now - recent[0]!)) / 1000);
      recent.push(now);
      attempts.set(ip, recent);
      if (attempts.size > 10_000) attempts.delete(attempts.keys().next().value!);
      return null;
    },
  };
}

// KEYS[1]: the address's set. ARGV: limit, window ms, a unique member. Returns the ms to
// wait, or -1 when the attempt was counted.
const TAKE = defineScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return window - (now - tonumber(oldest[2]))
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return -1
`);

export function redisAddressAttempts(client: RedisClient, limit: number, windowMs: number, prefix = DEFAULT_KEY_PREFIX): AddressAttempts {
  const local = memoryAddressAttempts(limit, windowMs);
  return {
    async take(ip) {
      let waitMs: number;
      // A dashboard just started, or Redis just back: worth a short wait (sign-in is not a hot path).
      if (!client.ready) await client.whenReady(250);
      try {
        waitMs = (await client.evalScript(TAKE, [`${prefix}signin:${ip}`], [limit, windowMs, crypto.randomBytes(8).toString('hex')])) as number;
      } catch {
        // Unreachable: this dashboard's own count (the database lockouts still hold).
        return local.take(ip);
      }
      return waitMs < 0 ? null : Math.max(1, Math.ceil(waitMs / 1000));
    },
  };
}

let shared: AddressAttempts | null = null;

/** This dashboard process's counter, shared through Redis when PORTICO_REDIS_URL is set. */
export function addressAttempts(limit: number, windowMs: number): AddressAttempts {
  if (shared) return shared;
  const url = dashboardEnv().PORTICO_REDIS_URL;
  const address = url ? parseRedisUrl(url) : null;
  shared = address && typeof address !== 'string' ? redisAddressAttempts(new RedisClient(address), limit, windowMs) : memoryAddressAttempts(limit, windowMs);
  return shared;
}
