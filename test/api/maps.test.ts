// `map` blocks through the API: an import that nginx would refuse is a 422 naming the line;
// imported maps serve at once and a later import adds to them; the settings endpoint
// validates maps as it validates everything else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { request } from '../helpers/http-client.ts';
import { startPortico, signIn, type ApiClient, type Portico } from '../helpers/portico.ts';

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

const served = async (path: string, headers: Record<string, string> = {}) => {
  const res = await request(portico.ports.http, path, { headers: { host: 'maps.test', ...headers } });
  return { status: res.status, body: res.body, headers: res.headers };
};

describe('map blocks through the API', () => {
  it('a map nginx would refuse is a 422 with its line', async () => {
    const res = await api.call('POST', '/api/v1/import/nginx', { config: 'map $uri $x {\n  default 1;\n  ~(unclosed 2;\n}\n' });
    expect(res.status).toBe(422);
    expect(res.json.error.details[0]).toMatchObject({ line: 3, message: expect.stringMatching(/invalid regex/) });
  });

  it('imports maps that choose the upstream and a header, and serves them', async () => {
    const config = `
map $http_x_env $pool { default blue; canary green; }
map $pool $pool_label { blue "stable"; default "testing ($pool)"; }
upstream blue { server ${a.address}; }
upstream green { server ${b.address}; }
server { listen 80; server_name maps.test; location / { proxy_pass http://$pool; add_header X-Label $pool_label; } }`;
    const res = await api.call('POST', '/api/v1/import/nginx', { config });
    expect(res.status).toBe(200);
    expect(res.json.warnings.filter((w: { kind: string }) => w.kind === 'unsupported')).toEqual([]);
    expect(res.json.apply).toMatchObject({ applied: true, errors: [] });
    const stable = await served('/x');
    expect([JSON.parse(stable.body).upstream, stable.headers['x-label']]).toEqual(['a', 'stable']);
    const canary = await served('/x', { 'x-env': 'Canary' });
    expect([JSON.parse(canary.body).upstream, canary.headers['x-label']]).toEqual(['b', 'testing (green)']);
  });

  it('a later import adds its maps and replaces the ones it maps again', async () => {
    const res = await api.call('POST', '/api/v1/import/nginx', { config: 'map $http_x_env $pool { default green; }\nmap $uri $other { default o; }\n' });
    expect(res.status).toBe(200);
    const maps = (await api.call('GET', '/api/v1/settings')).json.settings.maps as { variable: string; default: string }[];
    expect(maps.map((m) => `${m.variable}=${m.default}`)).toEqual(['pool_label=testing ($pool)', 'pool=green', 'other=o']);
    expect(JSON.parse((await served('/x')).body).upstream).toBe('b');
  });

  it('the settings endpoint refuses a bad map with the field path', async () => {
    const settings = (await api.call('GET', '/api/v1/settings')).json.settings;
    const bad = { ...settings, maps: [{ variable: 'x', source: '$uri', entries: [{ match: 'regex', key: '(?=a)', value: '1' }, { key: 'a', value: '1' }, { key: 'A', value: '2' }] }] };
    const res = await api.call('PUT', '/api/v1/settings', bad);
    expect(res.status).toBe(422);
    const paths = res.json.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['maps.0.entries.0.key', 'maps.0.entries.2.key']));
  });
});
