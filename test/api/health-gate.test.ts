// Health-gated apply end to end: Portico as `npm start` runs it, steady traffic through the
// engine, and changes through the API. A change that makes the host answer 502 is rolled
// back by itself within the watch, with the reason in the versions, the audit log and the
// gate's state; a harmless change passes; a fix written during a watch wins over it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { request } from '../helpers/http-client.ts';
import { signIn, startPortico, type ApiClient, type Portico } from '../helpers/portico.ts';
import { freePort, waitFor } from '../helpers/ports.ts';
import { steadyTraffic } from '../helpers/steady-traffic.ts';
import { readStatsStream } from '../helpers/stats-stream.ts';

let portico: Portico;
let api: ApiClient;
let upstream: EchoUpstream;
let deadAddress: string;
let hostId: string;
let traffic: ReturnType<typeof steadyTraffic> | undefined;

type Gate = { watching: { revision: number; endsAt: number } | null; last: { revision: number; verdict: string; reason: string; restoredRevision?: number; rollbackRevision?: number } | null };

const gate = async () => (await api.call('GET', '/api/v1/versions/health-gate')).json as Gate;
const hostBody = (address: string, extra: object = {}) => ({ serverNames: ['gate.test'], locations: [{ path: '/', action: { kind: 'proxy', address }, ...extra }] });

async function verdictFor(revision: number): Promise<NonNullable<Gate['last']>> {
  return waitFor(`the health gate's verdict on revision ${revision}`, async () => {
    const g = await gate();
    return g.last?.revision === revision && g.watching?.revision !== revision ? g.last : null;
  }, 20_000, 200);
}

beforeAll(async () => {
  [portico, upstream] = await Promise.all([startPortico(), startEchoUpstream()]);
  deadAddress = `127.0.0.1:${await freePort()}`;
  api = await signIn(portico.dashboard);
  const settings = await api.call('PUT', '/api/v1/settings', { healthGate: { enabled: true, watchSeconds: 5, minRequests: 10, max5xxIncreasePercent: 5 } });
  expect(settings.status, JSON.stringify(settings.json)).toBe(200);
  const created = await api.call('POST', '/api/v1/hosts', hostBody(upstream.address));
  expect(created.status).toBe(201);
  hostId = created.json.host.id;
  traffic = steadyTraffic(portico.ports.http, 'gate.test');
  // The creation itself is watched; let that watch end before the tests' own changes.
  await verdictFor(created.json.apply.revision);
}, 60_000);

afterAll(async () => {
  await traffic?.stop();
  await Promise.all([portico?.stop(), upstream?.close()]);
});

describe('health-gated apply', () => {
  it('rolls back a change that turns answers into 502s, and says why', async () => {
    const bad = await api.call('PUT', `/api/v1/hosts/${hostId}`, hostBody(deadAddress));
    expect(bad.status).toBe(200);
    expect(bad.json.apply).toMatchObject({ applied: true, healthGate: { watching: true, watchSeconds: 5 } });
    const badRevision = bad.json.apply.revision as number;
    const result = await verdictFor(badRevision);
    expect(result).toMatchObject({ verdict: 'rolled_back', restoredRevision: badRevision - 1 });
    expect(result.reason).toMatch(/^5xx answers rose from 0\.0 % \(0 of \d+\) before the change to \d+\.\d % \(\d+ of \d+\) after it, more than the 5\.0 % allowed$/);

    // The rollback is a version of its own, with the reason, and traffic follows it.
    const versions = (await api.call('GET', '/api/v1/versions?limit=2')).json.versions as { revision: number; summary: string; source: string }[];
    expect(versions[0]).toMatchObject({ revision: result.rollbackRevision, source: 'rollback', summary: `automatic rollback of revision ${badRevision} to ${badRevision - 1}: ${result.reason}` });
    await waitFor('traffic to follow the rollback', async () => (await request(portico.ports.http, '/', { headers: { host: 'gate.test' } })).status === 200, 5000);
    expect((await api.call('GET', `/api/v1/hosts/${hostId}`)).json.host.locations[0].action.address).toBe(upstream.address);
    const diff = await api.call('GET', `/api/v1/versions/diff?from=${badRevision - 1}&to=${result.rollbackRevision}`);
    expect(diff.json.changes).toEqual([]);

    const audit = (await api.call('GET', '/api/v1/audit?action=config.auto_rollback')).json.events as { actor: string; revision: number; after: { watchedRevision: number; reason: string } }[];
    expect(audit[0]).toMatchObject({ actor: 'system', revision: result.rollbackRevision, after: { watchedRevision: badRevision, reason: result.reason } });

    // …and the live statistics stream carried it, for the charts' event list.
    type Snapshot = { events?: { kind: string; watchedRevision?: number; message?: string }[] };
    const rolledBack = (evs: { data: Snapshot }[]) => evs.flatMap((e) => e.data.events ?? []).filter((e) => e.kind === 'config.rolled_back');
    const streamed = rolledBack(await readStatsStream<Snapshot>(portico.dashboard, api.cookie, (evs) => rolledBack(evs).length > 0, 10_000, '0'));
    expect(streamed).toEqual([{ kind: 'config.rolled_back', watchedRevision: badRevision, restoredRevision: badRevision - 1, rollbackRevision: result.rollbackRevision, message: result.reason, at: expect.any(Number) }]);
  }, 40_000);

  it('keeps a change that does no harm', async () => {
    const fine = await api.call('PUT', `/api/v1/hosts/${hostId}`, hostBody(upstream.address, { policies: { responseHeaders: { add: [{ name: 'X-Gate', value: 'ok' }], hide: [] } } }));
    const revision = fine.json.apply.revision as number;
    const result = await verdictFor(revision);
    expect(result.verdict).toBe('passed');
    // The baseline starts after the rollback: the 502s of the rolled-back revision are not in it.
    expect(result.reason).toMatch(/^5xx answers 0(\.0 % \(0 of \d+\)| % \(no traffic\)) before, 0\.0 % \(0 of \d+\) after/);
    const versions = (await api.call('GET', '/api/v1/versions?limit=1')).json.versions as { revision: number }[];
    expect(versions[0]!.revision).toBe(revision);
  }, 40_000);

  it('leaves a watched change alone when a newer change replaces it', async () => {
    const bad = await api.call('PUT', `/api/v1/hosts/${hostId}`, hostBody(deadAddress));
    const fix = await api.call('PUT', `/api/v1/hosts/${hostId}`, hostBody(upstream.address));
    const fixRevision = fix.json.apply.revision as number;
    expect(fixRevision).toBe(bad.json.apply.revision + 1);
    const result = await verdictFor(fixRevision);
    expect(result.verdict).toBe('passed');
    const versions = (await api.call('GET', '/api/v1/versions?limit=1')).json.versions as { revision: number; source: string }[];
    expect(versions[0]).toMatchObject({ revision: fixRevision, source: 'api' });
  }, 40_000);
});
