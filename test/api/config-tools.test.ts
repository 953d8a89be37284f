// nginx import (dry run, apply, parse errors, conflicts), export, versions with diff and
// rollback, and the request tracer agreeing with real traffic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { request } from '../helpers/http-client.ts';
import { startPortico, signIn, type ApiClient, type Portico } from '../helpers/portico.ts';
import { waitFor } from '../helpers/ports.ts';

let portico: Portico;
let api: ApiClient;
let a: EchoUpstream;
let b: EchoUpstream;

beforeAll(async () => {
  [portico, a, b] = await Promise.all([startPortico(), startEchoUpstream(undefined, 'a'), startEchoUpstream(undefined, 'b')]);
  api = await signIn(portico.dashboard);
});
afterAll(async () => {
  await Promise.all([portico?.stop(), a?.close(), b?.close()]);
});

const nginxConfig = () => `
upstream app_servers {
    server ${a.address} weight=3;
    server ${b.address};
}
server {
    listen 80;
    server_name imported.test *.imported.test;
    location = /health { return 200 "ok"; }
    location /api/ {
        proxy_pass http://app_servers/;
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }
    location ~* \\.(png|jpg)$ { return 404; }
    location / { proxy_pass http://${a.address}; }
}`;

describe('nginx import', () => {
  it('previews with dryRun and changes nothing', async () => {
    const revision = (await api.call('GET', '/api/v1/engine/status')).json.desiredRevision;
    const res = await api.call('POST', '/api/v1/import/nginx', { config: nginxConfig(), dryRun: true });
    expect(res.status).toBe(200);
    expect(res.json.wouldCreate.hosts[0].serverNames).toEqual(['imported.test', '*.imported.test']);
    expect(res.json.wouldCreate.pools[0].name).toBe('app_servers');
    expect(res.json.conflicts).toEqual([]);
    // One server without default_server becomes the catch-all, as in nginx: said in words, with the alternative.
    expect(res.json.unknownHosts.imported).toEqual([
      { entrypoint: 'http', answer: 'host', host: 'imported.test', changed: true, message: expect.stringMatching(/^Unknown hosts on HTTP will reach imported\.test: no server says default_server/) },
    ]);
    expect(res.json.unknownHosts.kept).toEqual([{ entrypoint: 'http', answer: 'not_found', changed: false, message: 'Unknown hosts on HTTP keep getting the 404 page.' }]);
    expect((await api.call('GET', '/api/v1/hosts')).json.hosts).toEqual([]);
    expect((await api.call('GET', '/api/v1/engine/status')).json.desiredRevision).toBe(revision);
  });

  it('answers a parse error with 422 and its line and column', async () => {
    const res = await api.call('POST', '/api/v1/import/nginx', { config: 'server {\n  listen 80;\n  location / {\n    proxy_pass http://x\n  }\n}' });
    expect(res.status).toBe(422);
    expect(res.json.error.details[0]).toMatchObject({ path: 'config', line: expect.any(Number), column: expect.any(Number) });
  });

  it('keepDefaultServer keeps unknown hosts on the 404 page (no imported server becomes the default, a catch-all does not change the setting)', async () => {
    const config = 'server { listen 80; server_name solo.test; location / { return 200 "solo"; } }\nserver { listen 80 default_server; server_name _; return 444; }';
    const preview = await api.call('POST', '/api/v1/import/nginx', { config, dryRun: true, keepDefaultServer: true });
    expect(preview.json.wouldCreate.hosts.map((h: { defaultServer: boolean }) => h.defaultServer)).toEqual([false]);
    expect(preview.json.wouldCreate.settings).toEqual({});
    expect(preview.json.unknownHosts.imported[0]).toMatchObject({ answer: 'close', changed: true, message: 'Unknown hosts on HTTP will have their connection closed (the configuration\'s catch-all server).' });
    const res = await api.call('POST', '/api/v1/import/nginx', { config, keepDefaultServer: true });
    expect(res.status).toBe(200);
    expect(res.json.unknownHosts).toEqual([{ entrypoint: 'http', answer: 'not_found', changed: false, message: 'Unknown hosts on HTTP keep getting the 404 page.' }]);
    expect((await api.call('GET', `/api/v1/hosts/${res.json.created.hosts[0]}`)).json.host.defaultServer).toBe(false);
    expect((await api.call('GET', '/api/v1/settings')).json.settings.unknownHost).toBe('not_found');
    const solo = await request(portico.ports.http, '/', { headers: { host: 'solo.test' } });
    const unknown = await request(portico.ports.http, '/', { headers: { host: 'nobody.test' } });
    expect([solo.status, solo.body, unknown.status]).toEqual([200, 'solo', 404]);
    expect((await api.call('POST', '/api/v1/import/nginx', { config: 'server { listen 80; }', keepDefaultServer: 'yes' })).status).toBe(422);
  });

  it('imports in one transaction and serves the result', async () => {
    const res = await api.call('POST', '/api/v1/import/nginx', { config: `${nginxConfig()}\nworker_processes 4;` });
    expect(res.status).toBe(200);
    // nginx's rule: the first (only) server answers names nobody claims.
    expect(res.json.unknownHosts).toEqual([expect.objectContaining({ answer: 'host', host: 'imported.test', changed: true })]);
    expect(JSON.parse((await request(portico.ports.http, '/', { headers: { host: 'nobody.test' } })).body)).toMatchObject({ upstream: 'a' });
    expect(res.json.created.hosts).toHaveLength(1);
    expect(res.json.warnings).toEqual(expect.arrayContaining([expect.objectContaining({ directive: 'worker_processes', line: expect.any(Number) })]));
    expect(res.json.apply).toMatchObject({ applied: true, errors: [] });
    const health = await request(portico.ports.http, '/health', { headers: { host: 'imported.test' } });
    expect([health.status, health.body]).toEqual([200, 'ok']);
    const proxied = await request(portico.ports.http, '/api/users?x=1', { headers: { host: 'www.imported.test' } });
    expect(JSON.parse(proxied.body)).toMatchObject({ url: '/users?x=1', headers: { host: 'www.imported.test' } });
  });

  it('refuses an import that clashes with existing objects, as a whole', async () => {
    const before = (await api.call('GET', '/api/v1/pools')).json.pools.length;
    const res = await api.call('POST', '/api/v1/import/nginx', { config: nginxConfig() });
    expect(res.status).toBe(409);
    expect((await api.call('GET', '/api/v1/pools')).json.pools.length).toBe(before);
  });

  it('exports nginx text for a host', async () => {
    const hosts = (await api.call('GET', '/api/v1/hosts')).json.hosts as { id: string; serverNames: string[] }[];
    const imported = hosts.find((h) => h.serverNames.includes('imported.test'))!;
    const res = await fetch(`${portico.dashboard}/api/v1/export/nginx?host=${imported.id}`, { headers: { cookie: api.cookie } });
    const text = await res.text();
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(text).toContain('server_name imported.test *.imported.test;');
    expect(text).toContain('upstream app_servers');
  });
});

describe('request tracer', () => {
  const cases = [
    { desc: 'exact location', url: 'http://imported.test/health', location: 'EXACT', matchedBy: 'exact', host: 'exact' },
    { desc: 'prefix with URI replacement', url: 'http://imported.test/api/v1/items?q=2', location: 'PREFIX', matchedBy: 'prefix', upstreamPath: '/v1/items?q=2' },
    { desc: 'regex beats prefix', url: 'http://imported.test/api/logo.PNG', location: 'REGEX_ICASE', matchedBy: 'regex' },
    { desc: 'leading wildcard host', url: 'http://shop.imported.test/', location: 'PREFIX', matchedBy: 'prefix', host: 'leading_wildcard', upstreamPath: '/' },
    { desc: 'auto redirect', url: 'http://imported.test/api', location: 'PREFIX', matchedBy: 'auto_redirect' },
  ];
  it.each(cases)('$desc agrees with real traffic', async ({ url, location, matchedBy, host, upstreamPath }) => {
    const trace = await api.call('POST', '/api/v1/trace', { method: 'GET', url, headers: {}, clientIp: '203.0.113.7' });
    expect(trace.status).toBe(200);
    expect(trace.json.location).toMatchObject({ matchKind: location, matchedBy });
    if (host) expect(trace.json.host.matchedBy).toBe(host);
    const u = new URL(url);
    const real = await request(portico.ports.http, u.pathname + u.search, { headers: { host: u.host } });
    if (trace.json.response) {
      expect(real.status).toBe(trace.json.response.status);
    } else {
      expect(real.status).toBe(200);
      const seen = JSON.parse(real.body);
      expect(trace.json.action.upstreamRequest.path).toBe(seen.url);
      if (upstreamPath) expect(seen.url).toBe(upstreamPath);
      expect(trace.json.upstreamRequest.headers.Host ?? trace.json.upstreamRequest.headers.host).toBe(seen.headers.host);
    }
  });
});

describe('cache', () => {
  it('summarises zones and purges by prefix through the API', async () => {
    const zone = await api.call('POST', '/api/v1/cache-zones', { name: 'api_cache', maxSizeBytes: 1024 * 1024 });
    expect(zone.status).toBe(201);
    const zones = await waitFor('the zone in the engine', async () => {
      const res = await api.call('GET', '/api/v1/cache/zones');
      return res.json.zones?.some((z: { name: string }) => z.name === 'api_cache') ? res.json.zones : null;
    }, 5000);
    expect(zones[0]).toMatchObject({ name: 'api_cache', entries: 0 });
    expect((await api.call('POST', '/api/v1/cache/purge', { zone: 'api_cache', prefix: '' })).json).toEqual({ removed: 0 });
    expect((await api.call('POST', '/api/v1/cache/purge', { url: 'http://x/', prefix: '' })).status).toBe(422);
    expect((await api.call('POST', '/api/v1/cache/purge', { zone: 'nope', prefix: '' })).status).toBe(404);
  });
});

describe('versions', () => {
  it('lists versions, diffs two, and rolls back byte for byte', async () => {
    const created = await api.call('POST', '/api/v1/hosts', { serverNames: ['before-rollback.test'], locations: [{ path: '/', action: { kind: 'proxy', address: a.address } }] });
    const base = created.json.apply.revision;
    const exportBefore = (await api.call('GET', '/api/v1/export/json')).json.snapshot;
    expect((await api.call('GET', '/api/v1/versions')).json.versions[0].revision).toBe(base);
    const host = await api.call('POST', '/api/v1/hosts', { serverNames: ['rollback.test'], locations: [{ path: '/', action: { kind: 'proxy', address: b.address } }] });
    await waitFor('the new host', async () => (await request(portico.ports.http, '/', { headers: { host: 'rollback.test' } })).status === 200);
    const diff = await api.call('GET', `/api/v1/versions/diff?from=${base}&to=${host.json.apply.revision}`);
    expect(diff.json.changes).toEqual([expect.objectContaining({ objectType: 'host', change: 'added', name: 'rollback.test' })]);

    const rolled = await api.call('POST', `/api/v1/versions/${base}/rollback`);
    expect(rolled.status).toBe(200);
    expect(rolled.json.apply.applied).toBe(true);
    const exportAfter = (await api.call('GET', '/api/v1/export/json')).json.snapshot;
    expect(JSON.stringify({ ...exportAfter, revision: 0 })).toBe(JSON.stringify({ ...exportBefore, revision: 0 }));
    // Traffic follows at once (the time is printed; the bound is for a loaded machine).
    const t0 = Date.now();
    // The imported host is the default server (nginx's first server), so the name now
    // reaches it instead of the rolled-back host's upstream "b".
    await waitFor('the host to disappear', async () => {
      const r = await request(portico.ports.http, '/', { headers: { host: 'rollback.test' } });
      return r.status !== 200 || JSON.parse(r.body).upstream !== 'b';
    }, 10_000, 20);
    console.log(`rollback: traffic followed ${Date.now() - t0} ms after the answer`);
    expect((await api.call('GET', '/api/v1/versions')).json.versions[0]).toMatchObject({ source: 'rollback', summary: `rolled back to revision ${base}` });
  });
});
