// Forward authentication through the API: a host whose policy names the auth service and
// copies Remote-User / Remote-Email (Traefik's authResponseHeaders), a location passing the
// service's own answer (its login redirect) to the client, a location turning it off; real
// traffic, and the tracer showing the auth request it would send.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { LOGIN_URL, startForwardAuthService, type ForwardAuthService } from '../helpers/forward-auth-service.ts';
import { request } from '../helpers/http-client.ts';
import { startPortico, signIn, type ApiClient, type Portico } from '../helpers/portico.ts';
import { waitFor } from '../helpers/ports.ts';

let portico: Portico;
let api: ApiClient;
let app: EchoUpstream;
let auth: ForwardAuthService;
const host = 'sso.test';

beforeAll(async () => {
  [portico, app, auth] = await Promise.all([startPortico(), startEchoUpstream(undefined, 'app'), startForwardAuthService()]);
  api = await signIn(portico.dashboard);
  const created = await api.call('POST', '/api/v1/hosts', {
    serverNames: [host],
    policies: {
      forwardAuth: {
        address: auth.address,
        path: '/verify',
        requestHeaders: [{ name: 'X-Original-URL', value: '$scheme://$http_host$request_uri' }],
        copyHeaders: ['Remote-User', 'Remote-Email'],
        timeoutMs: 2000,
      },
    },
    locations: [
      { path: '/', action: { kind: 'proxy', address: app.address } },
      { path: '/login-flow/', action: { kind: 'proxy', address: app.address }, policies: { forwardAuth: { address: auth.address, path: '/verify', requestHeaders: [{ name: 'X-Original-URL', value: '$scheme://$http_host$request_uri' }], deniedAnswer: 'pass' } } },
      { path: '/public/', action: { kind: 'proxy', address: app.address }, policies: { forwardAuth: { enabled: false } } },
    ],
  });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  await waitFor('the host', async () => (await request(portico.ports.http, '/public/', { headers: { host } })).status === 200);
}, 600_000);
afterAll(async () => {
  await Promise.all([portico?.stop(), app?.close(), auth?.close()]);
});

const get = (path: string, user?: string, extra: Record<string, string> = {}) => request(portico.ports.http, path, { headers: { host, ...(user ? { 'x-user': user } : {}), ...extra } });

describe('forward authentication', () => {
  it('lets a granted user through with the copied headers, replacing the client\'s own', async () => {
    const res = await get('/page', 'alice', { 'remote-user': 'mallory' });
    expect(res.status).toBe(200);
    const seen = JSON.parse(res.body);
    expect(seen.headers['remote-user']).toBe('alice');
    expect(seen.headers['remote-email']).toBe('alice@example.com');
    // Not listed: not copied.
    expect(seen.headers['remote-groups']).toBeUndefined();
  });

  it('answers 401 with the service\'s challenge and 403, as nginx', async () => {
    const nobody = await get('/page');
    expect(nobody.status).toBe(401);
    expect(nobody.headers['www-authenticate']).toBe('Bearer realm="portico-test"');
    expect((await get('/page', 'bob')).status).toBe(403);
    expect((await get('/page', 'away')).status).toBe(500);
  });

  it('passes the service\'s own answer (the login redirect) when asked to, as Traefik', async () => {
    const res = await get('/login-flow/x?y=1', 'away');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`${LOGIN_URL}?rd=${encodeURIComponent(`http://${host}/login-flow/x?y=1`)}`);
    const refused = await get('/login-flow/x', 'bob');
    expect(refused.status).toBe(403);
    expect(refused.body).toBe('forbidden by the auth service');
    expect(refused.headers['x-auth-reason']).toBe('not in group');
    expect((await get('/login-flow/x', 'alice')).status).toBe(200);
  });

  it('does not ask the service where a location turns it off', async () => {
    const before = auth.log.length;
    expect((await get('/public/x')).status).toBe(200);
    expect(auth.log.length).toBe(before);
  });

  it('the tracer shows the auth request and the copied headers, and sends nothing', async () => {
    const before = auth.log.length;
    const trace = await api.call('POST', '/api/v1/trace', { method: 'POST', url: `http://${host}/page?q=1`, headers: { 'X-User': 'alice', 'Content-Length': '3' }, clientIp: '203.0.113.7' });
    expect(trace.status).toBe(200);
    const step = trace.json.policies.forwardAuth;
    expect(step.request.method).toBe('GET');
    expect(step.request.url).toBe(`http://${auth.address}/verify`);
    const headers = Object.fromEntries(step.request.headers.map(([n, v]: [string, string]) => [n.toLowerCase(), v]));
    expect(headers['x-original-url']).toBe(`http://${host}/page?q=1`);
    expect(headers['x-user']).toBe('alice');
    expect(headers['content-length']).toBeUndefined();
    expect(step.copiedHeaders).toEqual(['Remote-User', 'Remote-Email']);
    expect(step.deniedAnswer).toBe('status');
    expect(auth.log.length).toBe(before);
    const off = await api.call('POST', '/api/v1/trace', { method: 'GET', url: `http://${host}/public/x`, headers: {}, clientIp: '203.0.113.7' });
    expect(off.json.policies.forwardAuth).toBeNull();
  });

  it('refuses a policy without an auth service, with the field named', async () => {
    const res = await api.call('POST', '/api/v1/hosts', { serverNames: ['bad-sso.test'], policies: { forwardAuth: { path: '/verify' } }, locations: [{ path: '/', action: { kind: 'proxy', address: app.address } }] });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.json.error)).toContain('forwardAuth');
  });
});
