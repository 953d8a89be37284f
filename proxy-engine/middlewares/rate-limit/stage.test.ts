// limit_req and limit_conn as pipeline stages on a real node:http server.
import { createServer, request, type Server } from 'node:http';
import { testRateZones, testConnZones } from '../../../test/helpers/shared-state.ts';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { GlobalSettings } from '../../../core/config/settings.ts';
import { createContext } from '../../pipeline/handler.ts';
import type { Stage } from '../../runtime/types.ts';
import type { Runtime } from '../../runtime/types.ts';
import { createConnLimit } from '../conn-limit/conn-limit.ts';
import { createConnLimitStage } from '../conn-limit/stage.ts';
import { MemoryConnStore } from '../conn-limit/store.ts';
import { get } from '../../../test/helpers/nginx-limit-oracle.ts';
import { createRateLimit } from './rate-limit.ts';
import { createRateLimitStage, type LimitCounters } from './stage.ts';
import { ruleConfig, zoneConfig } from '../../../test/helpers/rate-limit-support.ts';

const runtime = { settings: GlobalSettings.parse({}), isTrustedProxy: () => false } as unknown as Runtime;
const counters = (): LimitCounters => ({ rateLimited: 0, rateLimitedDryRun: 0, connLimited: 0, connLimitedDryRun: 0 });

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function serve(stage: Stage): Promise<number> {
  server = createServer((req, res) => {
    const ctx = createContext(runtime, req, res, { name: 'http', port: 0, httpsPort: 0 });
    ctx.host = 'example.com';
    ctx.path = req.url ?? '/';
    void stage(ctx);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server!.address() as AddressInfo).port;
}

const answer = (delayMs = 0): Stage => (ctx) => void setTimeout(() => ctx.res.end('ok'), delayMs);

describe('the limit_req stage', () => {
  it('serves, delays and refuses as the limiter decides, and counts refusals', async () => {
    const zones = testRateZones();
    zones.apply([zoneConfig({ name: 'z' })]);
    const seen = counters();
    const stage = createRateLimitStage(createRateLimit([ruleConfig({ zone: 'z', burst: 1, status: 429 })], zones), answer(), [seen]);
    const port = await serve(stage);
    const start = performance.now();
    const replies = await Promise.all([1, 2, 3].map(() => get(port, '/', false)));
    const byStatus = replies.map((r) => ({ status: r.status, ms: r.doneAt - start })).sort((a, b) => a.ms - b.ms);
    expect(byStatus.map((r) => r.status).sort()).toEqual([200, 200, 429]);
    const delayed = byStatus.filter((r) => r.status === 200).at(-1)!;
    expect(delayed.ms).toBeGreaterThanOrEqual(80);
    expect(seen).toEqual({ rateLimited: 1, rateLimitedDryRun: 0, connLimited: 0, connLimitedDryRun: 0 });
  });

  it('drops a delayed request whose client goes away during the delay', async () => {
    const zones = testRateZones();
    zones.apply([zoneConfig({ name: 'z' })]);
    let served = 0;
    const final: Stage = (ctx) => {
      served++;
      ctx.res.end('ok');
    };
    const port = await serve(createRateLimitStage(createRateLimit([ruleConfig({ zone: 'z', burst: 5 })], zones), final));
    expect((await get(port, '/', false)).status).toBe(200);
    // The second request waits 100 ms; its client leaves after 20.
    const waiting = request({ port, host: '127.0.0.1', agent: false });
    waiting.on('error', () => {});
    waiting.end();
    await new Promise((resolve) => setTimeout(resolve, 20));
    waiting.destroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(served).toBe(1);
  });

  it('passes straight on without rules', () => {
    const next = answer();
    expect(createRateLimitStage(null, next)).toBe(next);
    expect(createConnLimitStage(null, next)).toBe(next);
  });
});

describe('the limit_conn stage', () => {
  it('refuses beyond max and gives every slot back when responses end', async () => {
    const zones = testConnZones();
    zones.apply([zoneConfig({ name: 'c', kind: 'CONNECTION', rate: undefined })]);
    const seen = counters();
    const stage = createConnLimitStage(createConnLimit([{ zone: 'c', max: 2, status: 503, dryRun: false }], zones), answer(150), [seen]);
    const port = await serve(stage);
    const replies = await Promise.all([1, 2, 3].map(() => get(port, '/', false)));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 503]);
    expect(seen.connLimited).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((zones.get('c')!.store as MemoryConnStore).size).toBe(0);
  });
});
