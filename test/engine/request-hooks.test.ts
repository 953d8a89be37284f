// Every request goes through one entry with one hook shape: the ACME challenge responder
// answers through it, and a challenge path it does not answer is routed like any other
// request (the host counts it as routed, onRouted and the end hook run).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../core/db/client.ts';
import { HostInput, type HostConfig } from '../../core/config/host.ts';
import { GlobalSettings } from '../../core/config/settings.ts';
import { ServerStateRegistry } from '../../proxy-engine/balancer/server-state.ts';
import { ConnZones } from '../../proxy-engine/middlewares/conn-limit/zones.ts';
import { RateZones } from '../../proxy-engine/middlewares/rate-limit/zones.ts';
import { compileRuntime } from '../../proxy-engine/runtime/compile.ts';
import { combineHooks, type RequestHooks } from '../../proxy-engine/runtime/hooks.ts';
import type { RequestContext } from '../../proxy-engine/runtime/types.ts';
import { createHttpListener } from '../../proxy-engine/server/http-listener.ts';
import { StatsCollector } from '../../proxy-engine/stats/collector.ts';
import { ChallengeResponder } from '../../proxy-engine/tls/acme-challenges.ts';
import { UpstreamClients } from '../../proxy-engine/upstream/clients.ts';
import { request } from '../helpers/http-client.ts';
import { waitFor } from '../helpers/ports.ts';

const future = () => new Date(Date.now() + 3_600_000);
/** The AcmeChallenge table: one token in memory after refresh, one only in the "database". */
const rows = [{ token: 'in-memory', keyAuthorization: 'in-memory.key', expiresAt: future() }];
const dbOnly = { token: 'db-only', keyAuthorization: 'db-only.key', expiresAt: future() };
const db = {
  acmeChallenge: {
    findMany: async () => rows,
    findUnique: async ({ where }: { where: { token: string } }) => (where.token === dbOnly.token ? dbOnly : null),
  },
} as unknown as Db;

interface Seen {
  uri: string;
  phases: string[];
  routed: boolean;
}
const seen: Seen[] = [];
const recorder: RequestHooks = {
  onRequestStart: (ctx) => void seen.push({ uri: ctx.requestUri, phases: ['start'], routed: false }),
  onRouted: (ctx) => void find(ctx).phases.push('routed'),
  onRequestEnd: (ctx) => {
    const s = find(ctx);
    s.phases.push('end');
    s.routed = ctx.routed;
  },
};
const find = (ctx: RequestContext) => seen.findLast((s) => s.uri === ctx.requestUri)!;

let server: http.Server;
let port: number;
const clients = new UpstreamClients();

beforeAll(async () => {
  const challenges = new ChallengeResponder(db);
  await challenges.refresh();
  const host = HostInput.parse({ serverNames: ['app.test'], locations: [{ path: '/', action: { kind: 'return', status: 200, body: 'from the app' } }] });
  const compiled = compileRuntime(
    {
      revision: 1,
      settings: GlobalSettings.parse({}),
      hosts: [{ ...host, id: 'h', locations: host.locations.map((l, i) => ({ ...l, id: `l${i}` })) } as HostConfig],
      pools: [],
      cacheZones: [],
      limitZones: [],
      errors: [],
    },
    { registry: new ServerStateRegistry(), clients, collector: new StatsCollector(), rateZones: new RateZones(), connZones: new ConnZones() },
  );
  compiled.commit(null);
  const entrypoint = { name: 'http' as const, port: 0, httpsPort: 0 };
  server = createHttpListener({ current: () => compiled.runtime, entrypoint, hooks: combineHooks(recorder, challenges.hooks()) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  entrypoint.port = port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())));
  await clients.closeAll();
});

describe('the pipeline entry', () => {
  const cases = [
    { desc: 'a token in memory is answered before routing', uri: '/.well-known/acme-challenge/in-memory', body: 'in-memory.key', phases: ['start', 'end'], routed: false },
    { desc: 'a token found in the database is answered before routing', uri: '/.well-known/acme-challenge/db-only', body: 'db-only.key', phases: ['start', 'end'], routed: false },
    { desc: 'an unknown token is routed like any request', uri: '/.well-known/acme-challenge/unknown', body: 'from the app', phases: ['start', 'routed', 'end'], routed: true },
    { desc: 'other paths are routed', uri: '/page', body: 'from the app', phases: ['start', 'routed', 'end'], routed: true },
  ];
  it.each(cases)('$desc', async ({ uri, body, phases, routed }) => {
    const res = await request(port, uri, { headers: { host: 'app.test' } });
    expect(res.status).toBe(200);
    expect(res.body).toBe(body);
    // The end hook runs on the response's close, which may come just after the client read it.
    await waitFor('the end hook', async () => seen.findLast((s) => s.uri === uri)?.phases.at(-1) === 'end');
    expect(seen.findLast((s) => s.uri === uri)).toEqual({ uri, phases, routed });
  });
});

describe('combineHooks', () => {
  it('calls every set that has a hook, in order, and asks the answerers until one answers', async () => {
    const calls: string[] = [];
    const hooks = combineHooks(
      { onRouted: () => void calls.push('a.routed'), onRequest: () => (calls.push('a.request'), false) },
      { onRouted: () => void calls.push('b.routed') },
      { onRequest: async () => (calls.push('c.request'), true) },
      { onRequest: () => (calls.push('d.request'), true) },
    );
    const ctx = {} as RequestContext;
    hooks.onRouted!(ctx);
    expect(await hooks.onRequest!(ctx)).toBe(true);
    expect(calls).toEqual(['a.routed', 'b.routed', 'a.request', 'c.request']);
    expect(combineHooks({}, {}).onRouted).toBeUndefined();
  });
});
