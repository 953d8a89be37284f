// The same limit_req scenarios against Debian's nginx and against Portico's limiter.
// Sequential scenarios replay nginx's request times into the limiter's clock, so both
// must answer request by request alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, hasNginx, sequential, startNginx, type NginxOracle, type Reply } from '../../../test/helpers/nginx-limit-oracle.ts';
import { createRateLimit, type RateLimitRuleConfig } from './rate-limit.ts';
import { describeDecision, fakeClock, ruleConfig, view, zoneConfig } from '../../../test/helpers/rate-limit-support.ts';
import { RateZones } from './zones.ts';
import { attachSharedState, createSharedState } from '../../shared/shared-state.ts';

const http = `
  limit_req_zone $binary_remote_addr zone=nodelay1:1m rate=10r/s;
  limit_req_zone $binary_remote_addr zone=nodelay2:1m rate=10r/s;
  limit_req_zone $binary_remote_addr zone=nodelay3:1m rate=10r/s;
  limit_req_zone $binary_remote_addr zone=ret:1m rate=10r/s;
  limit_req_zone $binary_remote_addr zone=rpm:1m rate=60r/m;
  limit_req_zone $binary_remote_addr zone=burst:1m rate=10r/s;
  limit_req_zone $binary_remote_addr zone=twostage:1m rate=10r/s;
  limit_req_zone $binary_remote_addr zone=dry:1m rate=10r/s;
  limit_req_zone $binary_remote_addr zone=ma:1m rate=10r/s;
  limit_req_zone $binary_remote_addr zone=mb:1m rate=10r/s;
  server {
    listen 127.0.0.1:$PORT;
    root $PREFIX/html;
    location = /ready { return 204; }
    location /nodelay1/ { limit_req zone=nodelay1 burst=20 nodelay; limit_req_status 429; }
    location /nodelay2/ { limit_req zone=nodelay2 burst=20 nodelay; limit_req_status 429; }
    location /nodelay3/ { limit_req zone=nodelay3 burst=20 nodelay; limit_req_status 429; }
    location /return/ { limit_req zone=ret burst=20 nodelay; limit_req_status 429; return 200 "ok\\n"; }
    location /rpm/ { limit_req zone=rpm burst=2 nodelay; }
    location /burst/ { limit_req zone=burst burst=5; }
    location /twostage/ { limit_req zone=twostage burst=6 delay=2; }
    location /dry/ { limit_req zone=dry; limit_req_dry_run on; }
    location /multi/ { limit_req zone=ma burst=5 nodelay; limit_req zone=mb burst=2 nodelay; }
    location /multi-a/ { limit_req zone=ma burst=5 nodelay; }
  }`;
const files = Object.fromEntries(['nodelay1', 'nodelay2', 'nodelay3', 'return', 'rpm', 'burst', 'twostage', 'dry', 'multi', 'multi-a'].map((d) => [`${d}/index.html`, 'ok\n']));

/**
 * Portico's answers for requests at the given times (ms), with the in-memory store and
 * with the shared-memory zones the engine's workers use: both must answer alike.
 */
function replay(rules: RateLimitRuleConfig[], rate: { count: number; per: 'second' | 'minute' }, times: number[]): string[] {
  const memory = replayWith(rules, rate, times, (clock) => new RateZones({ clock }));
  const shared = replayWith(rules, rate, times, (clock) => attachSharedState(createSharedState({ bytes: 1 << 20 }), { clock }).rateZones);
  expect(shared).toEqual(memory);
  return memory;
}

function replayWith(rules: RateLimitRuleConfig[], rate: { count: number; per: 'second' | 'minute' }, times: number[], createZones: (clock: () => number) => RateZones): string[] {
  const clock = fakeClock();
  const zones = createZones(clock.now);
  zones.apply(rules.map((r) => zoneConfig({ name: r.zone, rate, maxEntries: 1000 })));
  const limiter = createRateLimit(rules, zones)!;
  return times.map((t) => {
    clock.set(Math.floor(t));
    const decision = limiter.check(view());
    if (decision instanceof Promise) throw new Error('both stores answer synchronously');
    return describeDecision(decision);
  });
}

const statusOf = (outcome: string, rejectStatus: number): number => (outcome.startsWith('reject') ? rejectStatus : 200);
const count = (replies: Reply[], status: number): number => replies.filter((r) => r.status === status).length;

describe.skipIf(!hasNginx)('limit_req against nginx 1.22', () => {
  let nginx: NginxOracle;
  beforeAll(async () => {
    nginx = await startNginx(http, files);
  });
  afterAll(async () => {
    await nginx?.stop();
  });

  it('rate=10r/s burst=20 nodelay, 30 rapid requests: 21 × 200 then 9 × 429', async () => {
    // Up to three tries (a fresh zone each) to get the 30 requests within 90 ms on a
    // busy machine; past 100 ms nginx leaks enough for a 22nd request.
    let replies: Reply[] = [];
    let elapsed = Infinity;
    for (let attempt = 1; attempt <= 3 && elapsed >= 90; attempt++) {
      replies = await sequential(nginx.port, `/nodelay${attempt}/`, 30);
      elapsed = replies.at(-1)!.sentAt - replies[0]!.sentAt;
    }
    const ours = replay([ruleConfig({ zone: 'nodelay', burst: 20, nodelay: true, status: 429 })], { count: 10, per: 'second' }, replies.map((r) => r.sentAt)).map((o) => statusOf(o, 429));
    if (elapsed < 90) {
      expect(count(replies, 200)).toBe(21);
      expect(count(replies, 429)).toBe(9);
      expect(ours).toEqual(replies.map((r) => r.status));
    } else {
      // Our clock is the client's, nginx's is its own: at most one request apart.
      expect(Math.abs(ours.filter((s) => s === 200).length - count(replies, 200))).toBeLessThanOrEqual(1);
    }
  });

  it('a "return" location is never limited: return runs in the rewrite phase, before limit_req', async () => {
    const replies = await sequential(nginx.port, '/return/', 30);
    expect(count(replies, 200)).toBe(30);
  });

  it('rate=60r/m burst=2 nodelay, 5 rapid requests: 3 × 200, 2 × 503', async () => {
    const replies = await sequential(nginx.port, '/rpm/', 5);
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 503, 503]);
    const ours = replay([ruleConfig({ zone: 'rpm', burst: 2, nodelay: true })], { count: 60, per: 'minute' }, replies.map((r) => r.sentAt));
    expect(ours.map((o) => statusOf(o, 503))).toEqual(replies.map((r) => r.status));
  });

  it('limit_req_dry_run: every request served', async () => {
    const replies = await sequential(nginx.port, '/dry/', 5);
    expect(count(replies, 200)).toBe(5);
    const ours = replay([ruleConfig({ zone: 'dry', dryRun: true })], { count: 10, per: 'second' }, replies.map((r) => r.sentAt));
    expect(ours.slice(1).every((o) => o === 'pass REJECTED_DRY_RUN')).toBe(true);
  });

  it('two rules: a request rejected by the second is not counted by the first', async () => {
    const multi = await sequential(nginx.port, '/multi/', 10);
    expect(multi.map((r) => r.status)).toEqual([...Array(3).fill(200), ...Array(7).fill(503)]);
    // Zone ma counted 3 requests (excess 2000), not 10: three more fit in its burst of 5.
    const single = await sequential(nginx.port, '/multi-a/', 6);
    const elapsed = single.at(-1)!.sentAt - multi[0]!.sentAt;
    if (elapsed < 90) expect(single.map((r) => r.status)).toEqual([200, 200, 200, 503, 503, 503]);
  });

  const concurrent: { desc: string; config: { path: string; rule: Partial<RateLimitRuleConfig> }; expected: { ok: number; rejected: number } }[] = [
    { desc: 'burst=5 without nodelay: 6 served 100 ms apart, 2 rejected', config: { path: '/burst/', rule: { burst: 5 } }, expected: { ok: 6, rejected: 2 } },
    { desc: 'burst=6 delay=2: 3 at once, 4 delayed, 1 rejected', config: { path: '/twostage/', rule: { burst: 6, delay: 2 } }, expected: { ok: 7, rejected: 1 } },
  ];
  it.each(concurrent)('8 concurrent requests, $desc', async ({ config, expected }) => {
    const replies = await Promise.all(Array.from({ length: 8 }, () => get(nginx.port, config.path, false)));
    expect(count(replies, 200)).toBe(expected.ok);
    expect(count(replies, 503)).toBe(expected.rejected);
    const ours = replay([ruleConfig({ zone: 'z', ...config.rule })], { count: 10, per: 'second' }, Array(8).fill(0));
    const ourDelays = ours.filter((o) => !o.startsWith('reject')).map((o) => (o.startsWith('delay') ? Number(o.split(' ')[1]) : 0));
    const start = Math.min(...replies.map((r) => r.sentAt));
    const theirDelays = replies.filter((r) => r.status === 200).map((r) => r.doneAt - start).sort((a, b) => a - b);
    expect(ourDelays).toHaveLength(theirDelays.length);
    // nginx timed each delay from the request's arrival; allow for scheduling on a busy machine.
    ourDelays.forEach((ms, i) => {
      expect(theirDelays[i]!).toBeGreaterThanOrEqual(ms - 30);
      expect(theirDelays[i]!).toBeLessThan(ms + 150);
    });
  });
});
