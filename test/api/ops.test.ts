// Operating Portico (issue #20): structured logs on stdout from every process, the access
// log on stdout too and reopened on SIGUSR1, /metrics on the dashboard port for a
// metrics-scoped token, and database backups through the API (download, schedule, restore).
import fs from 'node:fs';
import path from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../helpers/http-client.ts';
import { startPortico, signIn, type ApiClient, type Portico } from '../helpers/portico.ts';
import { freePort, waitFor } from '../helpers/ports.ts';

let portico: Portico;
let api: ApiClient;

beforeAll(async () => {
  portico = await startPortico({ PORTICO_LOG_FORMAT: 'json', PORTICO_ACCESS_LOG_STDOUT: '1' });
  api = await signIn(portico.dashboard);
}, 600_000);
afterAll(async () => {
  await portico?.stop();
});

/** The JSON records of stdout and stderr so far (other lines, if any, are left out). */
function records(): Record<string, unknown>[] {
  return portico.logs
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function createHost(name: string, address: string): Promise<string> {
  const res = await api.call('POST', '/api/v1/hosts', { serverNames: [name], locations: [{ path: '/', action: { kind: 'proxy', address } }] });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  await waitFor(`${name} to be applied`, async () => (await request(portico.ports.http, '/', { headers: { host: name } })).status !== 404);
  return res.json.host.id as string;
}

describe('logs', () => {
  it('every process writes one JSON object per line with time, level, msg and its component', async () => {
    await waitFor('a line of every process', async () => ['supervisor', 'engine', 'dashboard', 'controller'].every((c) => records().some((r) => r.component === c)) || null, 30_000);
    for (const record of records()) {
      expect(record).toMatchObject({ time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), level: expect.stringMatching(/^(trace|debug|info|warn|error|fatal)$/), msg: expect.any(String), component: expect.stringMatching(/^(supervisor|engine|dashboard|controller)$/) });
    }
  });

  it("puts the request id in the engine's error line and the access entry on stdout", async () => {
    const dead = await freePort();
    await createHost('dead.ops.test', `127.0.0.1:${dead}`);
    const res = await request(portico.ports.http, '/gone', { headers: { host: 'dead.ops.test' } });
    expect(res.status).toBe(502);
    const error = await waitFor('the error line', async () => records().find((r) => r.component === 'engine' && r.level === 'error' && r.uri === '/gone'));
    expect(error).toMatchObject({ host: 'dead.ops.test', upstream: `127.0.0.1:${dead}`, requestId: expect.stringMatching(/^[0-9a-f]{16,}$/), msg: expect.stringContaining(`request ${error.requestId as string}`) });
    // The same id in the access entry, on stdout as well: a log collector can join the two.
    const access = await waitFor('the access line on stdout', async () => records().find((r) => (r.access as { requestId?: string } | undefined)?.requestId === error.requestId));
    expect(access).toMatchObject({ component: 'engine', level: 'info', access: { status: 502, uri: '/gone', host: 'dead.ops.test' } });
  });

  it('reopens the log files on SIGUSR1 after logrotate moved them', async () => {
    const file = path.join(portico.dataDir, 'logs', 'access.log');
    await request(portico.ports.http, '/before-rotate', { headers: { host: 'dead.ops.test' } });
    await waitFor('the line before rotating', async () => fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes('/before-rotate'));
    fs.renameSync(file, `${file}.rotated`);
    // The supervisor passes it on to the engine, as logrotate's postrotate `kill -USR1` would.
    process.kill(portico.process.pid!, 'SIGUSR1');
    await waitFor('the engine to reopen', async () => records().some((r) => r.component === 'engine' && r.msg === 'SIGUSR1: log files reopened') || null);
    await request(portico.ports.http, '/after-rotate', { headers: { host: 'dead.ops.test' } });
    await waitFor('the line in a new file', async () => fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes('/after-rotate'));
    expect(fs.readFileSync(file, 'utf8')).not.toContain('/before-rotate');
    expect(fs.readFileSync(`${file}.rotated`, 'utf8')).not.toContain('/after-rotate');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    // Log search still reads it.
    const search = await api.call('GET', '/api/v1/logs?path=/after-rotate');
    expect(search.status).toBe(200);
    expect(search.json.entries.map((e: { uri: string }) => e.uri)).toContain('/after-rotate');
  });
});

describe('metrics', () => {
  let token: string;
  beforeAll(async () => {
    const res = await api.call('POST', '/api/v1/tokens', { name: 'prometheus', scope: 'METRICS' });
    expect(res.status).toBe(201);
    token = res.json.token as string;
  });
  const scrape = (auth?: string) => fetch(`${portico.dashboard}/metrics`, { headers: auth ? { authorization: `Bearer ${auth}` } : {} });

  it('serves the engine and the dashboard in one valid exposition to a metrics token', async () => {
    const res = await scrape(token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const families = new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
    // Every family once (the parser would merge repeats: count the TYPE lines too).
    const typeLines = text.split('\n').filter((l) => l.startsWith('# TYPE ')).map((l) => l.split(' ')[2]);
    expect(new Set(typeLines).size).toBe(typeLines.length);
    for (const name of ['portico_requests_total', 'portico_upstream_fails_total', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes', 'nodejs_gc_duration_seconds', 'nodejs_active_handles_total', 'portico_config_applied', 'portico_upstream_server_healthy', 'portico_dashboard_nodejs_heap_size_used_bytes']) {
      expect(families.has(name), name).toBe(true);
    }
    expect(families.get('portico_engine_up')!.metrics[0]!.value).toBe('1');
    const revisions = families.get('portico_config_revision')!.metrics as { labels: { state: string }; value: string }[];
    const applied = Number(revisions.find((m) => m.labels.state === 'applied')!.value);
    expect(applied).toBe((await api.call('GET', '/api/v1/engine/status')).json.appliedRevision);
  });

  it('refuses a scrape without a token, and a metrics token anything else', async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape('pt_not-a-token')).status).toBe(401);
    const hosts = await fetch(`${portico.dashboard}/api/v1/hosts`, { headers: { authorization: `Bearer ${token}` } });
    expect(hosts.status).toBe(403);
    const write = await fetch(`${portico.dashboard}/api/v1/backups`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(write.status).toBe(403);
  });
});

describe('backups', () => {
  it('takes a backup and downloads it byte for byte; an unknown or outside name is a 404', async () => {
    const taken = await api.call('POST', '/api/v1/backups');
    expect(taken.status).toBe(201);
    const name = taken.json.backup.name as string;
    const res = await fetch(`${portico.dashboard}/api/v1/backups/${name}`, { headers: { cookie: api.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${name}"`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.equals(fs.readFileSync(path.join(portico.dataDir, 'backups', name)))).toBe(true);
    expect(bytes.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    for (const bad of ['nope.db', '..%2Fportico.db', 'portico.db']) {
      expect((await fetch(`${portico.dashboard}/api/v1/backups/${bad}`, { headers: { cookie: api.cookie } })).status, bad).toBe(404);
    }
  });

  it('keeps the schedule it is given and refuses a bad one unchanged', async () => {
    expect((await api.call('GET', '/api/v1/backups/schedule')).json.schedule).toEqual({ enabled: true, intervalHours: 24, keep: 7 });
    const saved = await api.call('PUT', '/api/v1/backups/schedule', { enabled: true, intervalHours: 12, keep: 3 });
    expect(saved.status).toBe(200);
    const bad = await api.call('PUT', '/api/v1/backups/schedule', { enabled: true, intervalHours: 0, keep: 3 });
    expect(bad.status).toBe(422);
    expect((await api.call('GET', '/api/v1/backups/schedule')).json.schedule).toEqual({ enabled: true, intervalHours: 12, keep: 3 });
  });

  it('the controller took the first scheduled backup at start', async () => {
    const backups = await waitFor('a scheduled backup', async () => {
      const list = (await api.call('GET', '/api/v1/backups')).json.backups as { name: string }[];
      return list.some((b) => b.name.endsWith('-scheduled.db')) ? list : null;
    }, 90_000);
    expect(backups.length).toBeGreaterThan(0);
  }, 120_000);

  it("restores the configuration a backup holds, after a dry run that changes nothing", async () => {
    const keptId = await createHost('kept.ops.test', '127.0.0.1:9');
    const taken = (await api.call('POST', '/api/v1/backups')).json.backup.name as string;
    expect((await api.call('DELETE', `/api/v1/hosts/${keptId}`)).status).toBe(200);
    const dry = await api.call('POST', `/api/v1/backups/${taken}/restore`, { dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.json.changes).toEqual([expect.objectContaining({ objectType: 'host', name: 'kept.ops.test', change: 'added' })]);
    expect((await api.call('GET', `/api/v1/hosts/${keptId}`)).status).toBe(404);
    const done = await api.call('POST', `/api/v1/backups/${taken}/restore`, {});
    expect(done.status, JSON.stringify(done.json)).toBe(200);
    expect(done.json.apply.applied).toBe(true);
    expect((await api.call('GET', `/api/v1/hosts/${keptId}`)).status).toBe(200);
    const audit = (await api.call('GET', '/api/v1/audit?limit=5')).json;
    expect(JSON.stringify(audit)).toContain(taken);
  });
});
