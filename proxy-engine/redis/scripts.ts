// The Lua scripts that make a limit exact across instances: each check-and-account runs
// on the Redis server as one script (Redis runs a script alone, nothing interleaves), with
// the server's TIME as the clock every instance shares. nginx's integer steps, as
// middlewares/rate-limit/leaky-bucket.ts keeps them: excess in milli-requests, time in
// whole milliseconds, every division truncated (all values stay below 2^53, exact in Lua's
// doubles).
import { defineScript } from '../../core/redis/client.ts';

/**
 * limit_req, one location's group of rules. KEYS: the rules' bucket keys (rules with an
 * empty key are left out). ARGV, four per key: rate ×1000, burst ×1000, delay ×1000 (-1
 * for nodelay), ttl ms. As nginx's handler: the first rule whose excess passes its burst
 * rejects and nothing is written; otherwise every bucket is updated and the largest delay
 * wins, the later rule on a tie (looked at from the last rule back).
 * Returns {0, i} (rule i, 0-based, rejects) or {1, delayMs, i} (i -1: no delay).
 */
export const LIMIT_REQ_GROUP = defineScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local n = #KEYS
local excess, lasts = {}, {}
local function elapsed(last)
  local ms = now - last
  if ms < -60000 then return 1 end
  if ms < 0 then return 0 end
  return ms
end
for i = 1, n do
  local rate = tonumber(ARGV[i * 4 - 3])
  local burst = tonumber(ARGV[i * 4 - 2])
  local state = redis.call('HMGET', KEYS[i], 'e', 'l')
  local e = 0
  if state[1] then
    local last = tonumber(state[2])
    lasts[i] = last
    e = tonumber(state[1]) - math.floor(rate * elapsed(last) / 1000) + 1000
    if e < 0 then e = 0 end
  end
  if e > burst then return {0, i - 1} end
  excess[i] = e
end
local delayMs, rule = 0, -1
for i = n, 1, -1 do
  local rate = tonumber(ARGV[i * 4 - 3])
  local delay = tonumber(ARGV[i * 4 - 1])
  local last = now
  if lasts[i] and elapsed(lasts[i]) == 0 then last = lasts[i] end
  redis.call('HSET', KEYS[i], 'e', excess[i], 'l', last)
  redis.call('PEXPIRE', KEYS[i], ARGV[i * 4])
  if delay >= 0 and excess[i] > delay then
    local d = math.floor((excess[i] - delay) * 1000 / rate)
    if d > delayMs then delayMs = d; rule = i - 1 end
  end
end
return {1, delayMs, rule}
`);

/**
 * limit_conn acquire. KEYS[1]: the key's hash, one field per holder (an instance's
 * thread) with its count. ARGV: max, this holder, the lease key prefix, lease ms. Holders
 * whose lease has expired (their instance died) are dropped before counting, so a dead
 * instance's slots come back within one lease. Returns 1 (taken) or 0 (at max).
 */
export const LIMIT_CONN_ACQUIRE = defineScript(`
local max = tonumber(ARGV[1])
local me = ARGV[2]
redis.call('SET', ARGV[3] .. me, '1', 'PX', ARGV[4])
local fields = redis.call('HGETALL', KEYS[1])
local total = 0
for i = 1, #fields, 2 do
  local holder = fields[i]
  if holder == me or redis.call('EXISTS', ARGV[3] .. holder) == 1 then
    total = total + tonumber(fields[i + 1])
  else
    redis.call('HDEL', KEYS[1], holder)
  end
end
if total >= max then return 0 end
redis.call('HINCRBY', KEYS[1], me, 1)
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]) * 2)
return 1
`);

/** limit_conn release: one of this holder's slots back; the field and the key go at 0. */
export const LIMIT_CONN_RELEASE = defineScript(`
local left = redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
if left <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
return left
`);
