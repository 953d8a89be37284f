// Through the running Portico (supervisor, dashboard, engine): the API refuses every
// spelling of a metadata upstream early with a 422 and the reason (hosts, pools, nginx
// and JSON imports); an upstream that got in anyway (saved while the settings allowed it)
// is refused by the engine when it connects, with a 502 and an error-log line; and log
// search answers over a log far past the 146,000 lines that used to make it report
// "the engine is not running", pages with a cursor, and tells an engine's own error from a
// stopped engine.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../helpers/http-client.ts';
import { signIn, startPortico, type ApiClient, type Portico } from '../helpers/portico.ts';
import { waitFor } from '../helpers/ports.ts';

let portico: Portico;
let api: ApiClient;

beforeAll(async () => {
  portico = await startPortico();
  api = await signIn(portico.dashboard);
});
afterAll(async () => {
  await portico?.stop();
});

const REFUSED = ['[::ffff:a9fe:a9fe]:80', '[0:0:0:0:0:ffff:169.254.169.254]:80', '[64:ff9b::a9fe:a9fe]:80', '[2002:a9fe:a9fe::1]:80', '[fd00:ec2::254]:80', '100.100.100.200:80', '168.63.129.16:80', 'metadata.goog:80', 'METADATA.google.internal.:80'];
const ALLOWED = ['127.0.0.1:9', '[::1]:9', '[::ffff:127.0.0.1]:9', '10.0.0.1:80', 'backend.internal:80'];

describe('the SSRF guard through the API', () => {
  it.each(REFUSED)('refuses %s as a host upstream and as a pool server, with the reason', async (address) => {
    const host = await api.call('POST', '/api/v1/hosts', { serverNames: ['ssrf.test'], locations: [{ path: '/', action: { kind: 'proxy', address } }] });
    expect(host.status).toBe(422);
    expect(host.json.error.details).toEqual([{ path: 'locations.0.action.address', message: expect.stringMatching(/ is .*; allow such upstreams in settings \(allowLinkLocalUpstreams\) if you really mean it$/) }]);
    const pool = await api.call('POST', '/api/v1/pools', { name: 'ssrf', servers: [{ address: '127.0.0.1:9' }, { address }] });
    expect(pool.status).toBe(422);
    expect(pool.json.error.details.map((d: { path: string }) => d.path)).toEqual(['servers.1.address']);
  });

  it('refuses them in nginx and JSON imports, changing nothing', async () => {
    const revision = (await api.call('GET', '/api/v1/engine/status')).json.desiredRevision;
    const nginx = await api.call('POST', '/api/v1/import/nginx', {
      config: 'upstream meta { server metadata.goog:80; }\nserver {\n  listen 80;\n  server_name imp.test;\n  location / { proxy_pass http://meta; }\n  location /m { proxy_pass http://[::ffff:a9fe:a9fe]:80; }\n}\n',
    });
    expect(nginx.status).toBe(422);
    expect(nginx.json.error.details.map((d: { path: string }) => d.path)).toEqual(['pools.0.servers.0.address', 'hosts.0.locations.1.action.address']);
    const exported = (await api.call('GET', '/api/v1/export/json')).json;
    const snapshot = { ...exported.snapshot, pools: [{ id: 'nat64-pool', name: 'nat64', servers: [{ address: '[64:ff9b::a9fe:a9fe]:80' }] }] };
    const json = await api.call('POST', '/api/v1/import/json', { snapshot });
    expect(json.status).toBe(422);
    expect(json.json.error.details.map((d: { path: string }) => d.path)).toEqual(['snapshot.pools.0.servers.0.address']);
    expect((await api.call('GET', '/api/v1/engine/status')).json.desiredRevision).toBe(revision);
  });

  it('accepts loopback, private and named upstreams', async () => {
    const res = await api.call('POST', '/api/v1/pools', { name: 'ordinary', servers: ALLOWED.map((address) => ({ address })) });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
  });

  it('an upstream saved while the settings allowed it is refused at connect time: 502 and an error-log line', async () => {
    const settings = (await api.call('GET', '/api/v1/settings')).json.settings;
    await api.call('PUT', '/api/v1/settings', { ...settings, allowLinkLocalUpstreams: true });
    const host = await api.call('POST', '/api/v1/hosts', { serverNames: ['saved.test'], locations: [{ path: '/', action: { kind: 'proxy', address: '[::ffff:a9fe:a9fe]:80' }, policies: { timeouts: { connectMs: 1000 } } }] });
    expect(host.status).toBe(201);
    await api.call('PUT', '/api/v1/settings', { ...settings, allowLinkLocalUpstreams: false });
    let res = await request(portico.ports.http, '/latest/meta-data/', { headers: { host: 'saved.test' } });
    // Applied within a second (the engine polls); until then the old revision answers.
    await waitFor('the setting to apply', async () => {
      res = await request(portico.ports.http, '/latest/meta-data/', { headers: { host: 'saved.test' } });
      const log = await api.call('GET', `/api/v1/logs?source=error&requestId=${res.headers['x-request-id']}`);
      return log.status === 200 && log.json.entries.length === 1;
    }, 10_000);
    expect(res.status).toBe(502);
    const log = await api.call('GET', `/api/v1/logs?source=error&requestId=${res.headers['x-request-id']}`);
    expect(log.json.entries[0].message).toMatch(/^refused to connect: ::ffff:a9fe:a9fe is the IPv4-mapped form of 169\.254\.169\.254, a link-local address .*\(the SSRF guard; allowLinkLocalUpstreams in the settings turns it off\) while talking to upstream \[::ffff:a9fe:a9fe\]:80/);
  });
});

describe('log search through the API', () => {
  const LINES = 200_000;
  beforeAll(() => {
    // A rotated file of 200,000 lines (the engine rotates at 50 MB; ~150,000 of its real lines).
    const lines: string[] = [];
    for (let n = 0; n < LINES; n++) lines.push(`{"time":"${new Date(Date.UTC(2025, 0, 1) + n).toISOString()}","requestId":"old-${n}","remoteAddr":"10.0.0.1","host":"bulk.test","method":"GET","uri":"/bulk/${n}","protocol":"HTTP/1.1","status":${n % 10 === 0 ? 500 : 200},"bytesOut":10,"durationMs":1,"upstreamAddr":"","upstreamStatus":null,"cacheStatus":"","referer":"","userAgent":""}\n`);
    fs.writeFileSync(path.join(portico.dataDir, 'logs', 'access.log.1'), lines.join(''), { mode: 0o600 });
  });

  it('answers newest first past 146,000 lines, and pages on with the cursor', async () => {
    const first = await api.call('GET', '/api/v1/logs?host=bulk.test&limit=1000');
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    expect(first.json.entries.map((e: { requestId: string }) => e.requestId)).toEqual(Array.from({ length: 1000 }, (_, i) => `old-${LINES - 1 - i}`));
    const second = await api.call('GET', `/api/v1/logs?host=bulk.test&limit=1000&cursor=${encodeURIComponent(first.json.next)}`);
    expect(second.json.entries.map((e: { requestId: string }) => e.requestId)).toEqual(Array.from({ length: 1000 }, (_, i) => `old-${LINES - 1001 - i}`));
    const errors = await api.call('GET', '/api/v1/logs?host=bulk.test&status=5xx&limit=3');
    expect(errors.json.entries.map((e: { requestId: string }) => e.requestId)).toEqual([`old-${LINES - 10}`, `old-${LINES - 20}`, `old-${LINES - 30}`]);
  });

  it('relays the engine\'s own refusal of a cursor (not "the engine is not running"), and refuses a malformed one with 422', async () => {
    const stale = await api.call('GET', '/api/v1/logs?cursor=abc');
    expect(stale.status).toBe(400);
    expect(stale.json.error).toEqual({ code: 'bad_request', message: 'cursor must be the "next" value of a previous page' });
    const bad = await api.call('GET', '/api/v1/logs?cursor=../../x');
    expect(bad.status).toBe(422);
    expect(bad.json.error.details).toEqual([{ path: 'cursor', message: 'the "next" value of a previous page' }]);
  });
});
