import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAddress } from '../../core/config/primitives.ts';
import { probe, type ProbeSpec } from './http-probe.ts';
import { makePki, startUpstream, type TestPki, type TestUpstream } from '../../test/helpers/health-upstreams.ts';

function spec(address: string, overrides: Partial<ProbeSpec> = {}): ProbeSpec {
  return {
    scheme: 'http',
    address,
    target: parseAddress(address)!,
    method: 'GET',
    path: '/health',
    timeoutMs: 1000,
    expectStatus: { min: 200, max: 399 },
    bodyMatch: null,
    hostHeader: null,
    headers: {},
    tls: { verify: true },
    guard: true,
    ...overrides,
  };
}

describe('probe over HTTP', () => {
  let upstream: TestUpstream;
  beforeAll(async () => {
    upstream = await startUpstream();
  });
  afterAll(() => upstream.close());

  const cases: Array<{ desc: string; answer: TestUpstream['answer']; overrides?: Partial<ProbeSpec>; ok: boolean; error?: RegExp }> = [
    { desc: '200 passes', answer: { status: 200, body: 'ok' }, ok: true },
    { desc: '500 fails', answer: { status: 500, body: 'boom' }, ok: false, error: /^HTTP 500 \(expected 200-399\)$/ },
    { desc: '404 passes when the range allows it', answer: { status: 404, body: '' }, overrides: { expectStatus: { min: 200, max: 404 } }, ok: true },
    { desc: 'matching body passes', answer: { status: 200, body: '{"status":"UP"}' }, overrides: { bodyMatch: /"status":"UP"/ }, ok: true },
    { desc: 'non-matching body fails', answer: { status: 200, body: '{"status":"DOWN"}' }, overrides: { bodyMatch: /"status":"UP"/ }, ok: false, error: /body does not match/ },
    { desc: 'HEAD ignores the body rule', answer: { status: 200, body: 'whatever' }, overrides: { method: 'HEAD', bodyMatch: /UP/ }, ok: true },
    { desc: 'a server that never answers times out', answer: { status: 200, body: '', hang: true }, overrides: { timeoutMs: 150 }, ok: false, error: /timed out after 150 ms/ },
  ];
  it.each(cases)('$desc', async ({ answer, overrides, ok, error }) => {
    upstream.answer = answer;
    const result = await probe(spec(upstream.address, overrides));
    expect(result.ok).toBe(ok);
    if (error) expect(result.error).toMatch(error);
    else expect(result.error).toBeNull();
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('sends the method, path, default Host, extra headers and Connection: close', async () => {
    upstream.answer = { status: 200, body: 'ok' };
    upstream.requests.length = 0;
    await probe(spec(upstream.address, { method: 'HEAD', path: '/ready?full=1', headers: { 'x-probe': 'yes' } }));
    await probe(spec(upstream.address, { hostHeader: 'app.example.com' }));
    expect(upstream.requests.map((r) => [r.method, r.url, r.headers.host, r.headers['x-probe'], r.headers.connection])).toEqual([
      ['HEAD', '/ready?full=1', upstream.address, 'yes', 'close'],
      ['GET', '/health', 'app.example.com', undefined, 'close'],
    ]);
  });

  it('reports a refused connection', async () => {
    const closed = await startUpstream();
    await closed.close();
    const result = await probe(spec(closed.address));
    expect(result).toMatchObject({ ok: false, status: null });
    expect(result.error).toMatch(/ECONNREFUSED/);
  });

  it('can be cancelled', async () => {
    upstream.answer = { status: 200, body: '', hang: true };
    const abort = new AbortController();
    const pending = probe(spec(upstream.address), abort.signal);
    setTimeout(() => abort.abort(), 20);
    expect((await pending).error).toBe('check cancelled');
  });
});

describe('probe over a unix socket', () => {
  it('checks a server listening on a socket path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-sock-'));
    const upstream = await startUpstream({ socketPath: join(dir, 'app.sock') });
    try {
      expect((await probe(spec(upstream.address))).ok).toBe(true);
      expect(upstream.requests[0]!.headers.host).toBe('localhost');
    } finally {
      await upstream.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('probe over HTTPS', () => {
  let pki: TestPki;
  let upstream: TestUpstream;
  beforeAll(async () => {
    pki = makePki();
    upstream = await startUpstream({ tls: { key: pki.key, cert: pki.cert } });
  });
  afterAll(() => upstream.close());

  const cases: Array<{ desc: string; tls: ProbeSpec['tls']; ok: boolean; error?: RegExp; servername?: string }> = [
    { desc: 'verifies against an extra CA, on top of the system roots', tls: { verify: true, caPem: '' }, ok: true },
    { desc: 'rejects an unknown CA when verifying (the default)', tls: { verify: true }, ok: false, error: /self.signed|unable to (get|verify)/i },
    { desc: 'accepts it when verification is off', tls: { verify: false }, ok: true },
    { desc: 'sends SNI and verifies that name', tls: { verify: true, caPem: '', serverName: 'upstream.test' }, ok: true, servername: 'upstream.test' },
    { desc: 'fails when the name does not match the certificate', tls: { verify: true, caPem: '', serverName: 'other.test' }, ok: false, error: /altnames|Hostname/i },
  ];
  it.each(cases)('$desc', async ({ tls, ok, error, servername }) => {
    upstream.requests.length = 0;
    const withCa = tls.caPem === '' ? { ...tls, caPem: pki.caPem } : tls;
    const result = await probe(spec(upstream.address, { scheme: 'https', tls: withCa }));
    expect(result.ok).toBe(ok);
    if (error) expect(result.error).toMatch(error);
    if (servername) expect(upstream.requests[0]?.servername).toBe(servername);
  });
});
