// CORS and security header presets end to end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startContentEngine, type ContentEngine } from '../helpers/content-engine.ts';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { request } from '../helpers/http-client.ts';

let upstream: EchoUpstream;
let engine: ContentEngine;

beforeAll(async () => {
  upstream = await startEchoUpstream((req, res) => {
    if (req.url === '/fail') {
      res.writeHead(500, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' });
      res.end('boom');
      return true;
    }
    return false;
  });
  engine = await startContentEngine();
  const cors = { origins: ['https://app.example.com', '~^https://[a-z]+\\.example\\.org$'], credentials: true, headers: ['Authorization', 'Content-Type'], exposeHeaders: ['X-Total'], maxAgeSeconds: 3600 };
  engine.configure({
    hosts: [
      {
        serverNames: ['api.test'],
        policies: { securityHeaders: { preset: 'strict', contentSecurityPolicy: "default-src 'none'" } },
        locations: [
          { path: '/api/', action: { kind: 'proxy', address: upstream.address }, policies: { cors, access: { rules: [{ action: 'deny', source: 'all' }] } } },
          { path: '/open/', action: { kind: 'proxy', address: upstream.address, uri: '/' }, policies: { cors } },
          { path: '/old', action: { kind: 'redirect', status: 301, url: '/new' } },
        ],
      },
    ],
  });
});
afterAll(async () => {
  await engine?.stop(true);
  await upstream?.close();
});

const call = (path: string, headers: Record<string, string> = {}, method = 'GET') => request(engine.port, path, { method, headers: { host: 'api.test', ...headers } });

describe('CORS', () => {
  it('answers a preflight with 204 before access rules and without the upstream', async () => {
    const before = upstream.seen.length;
    const r = await call('/api/items', { origin: 'https://shop.example.org', 'access-control-request-method': 'PUT' }, 'OPTIONS');
    expect(r.status).toBe(204);
    expect(r.headers).toMatchObject({
      'access-control-allow-origin': 'https://shop.example.org',
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET, HEAD, POST, PUT, PATCH, DELETE',
      'access-control-allow-headers': 'Authorization, Content-Type',
      'access-control-max-age': '3600',
      vary: 'Origin',
    });
    expect(upstream.seen.length).toBe(before);
    // Everything else on that location is still denied.
    expect((await call('/api/items', { origin: 'https://shop.example.org' })).status).toBe(403);
  });

  it('a preflight from an origin not allowed gets no CORS grant', async () => {
    const r = await call('/open/x', { origin: 'https://evil.example.net', 'access-control-request-method': 'PUT' }, 'OPTIONS');
    expect(r.status).toBe(204);
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    expect(r.headers['access-control-allow-methods']).toBeUndefined();
  });

  it('actual responses carry the headers, errors too; the upstream\'s own are replaced', async () => {
    const ok = await call('/open/x', { origin: 'https://app.example.com' });
    expect(ok.headers).toMatchObject({ 'access-control-allow-origin': 'https://app.example.com', 'access-control-allow-credentials': 'true', 'access-control-expose-headers': 'X-Total' });
    const failed = await call('/open/fail', { origin: 'https://app.example.com' });
    expect(failed.status).toBe(500);
    expect(failed.rawHeaders.filter((h) => h.toLowerCase() === 'access-control-allow-origin')).toHaveLength(1);
    expect(failed.headers['access-control-allow-origin']).toBe('https://app.example.com');
  });
});

describe('security header presets', () => {
  const expected = {
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
    'content-security-policy': "default-src 'none'",
  };
  it('on proxied answers, error pages and redirects', async () => {
    for (const r of [await call('/open/x'), await call('/api/x'), await call('/open/fail'), await call('/old')]) {
      expect(r.headers).toMatchObject(expected);
    }
  });
  it('no HSTS over plain HTTP', async () => {
    expect((await call('/open/x')).headers['strict-transport-security']).toBeUndefined();
  });
});
