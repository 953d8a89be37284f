// Certificates through the public API against a real ACME server (Debian's pebble with
// pebble-challtestsrv as DNS), Portico running as `npm start` runs it: issuance with
// live progress and the chain served at once, forced and scheduled renewal served without
// a restart, plain-language failures (challenge refused by the CA, name not in DNS,
// port unreachable), upload validation, revocation and deletion; keys never leave.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../core/db/client.ts';
import { buildCertificate } from '../../core/tls/certificate-builder.ts';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { request } from '../helpers/http-client.ts';
import { signIn, startPortico, type ApiClient, type Portico } from '../helpers/portico.ts';
import { freePort, waitFor } from '../helpers/ports.ts';
import { readStatsStream } from '../helpers/stats-stream.ts';
import { run } from './run.ts';
import { makePebbleTls, startChallTestSrv, startPebble, type ChallTestSrv, type Pebble } from './pebble.ts';
import { servedCertificate, type ServedCertificate } from './served-certificate.ts';

let dir: string;
let dns: ChallTestSrv;
let pebble: Pebble;
let closedPortPebble: Pebble;
let upstream: EchoUpstream;
let portico: Portico;
let api: ApiClient;
let httpPort: number;
let root: string;
const responses: unknown[] = [];

async function call(method: string, pathname: string, body?: unknown) {
  const res = await api.call(method, pathname, body);
  responses.push(res.json);
  return res;
}

type Cert = { id: string; status: string; running: boolean; error?: string; lastError: Record<string, unknown> | null; progress: { kind: string; finishedAt: string | null; steps: { key: string; status: string; detail: string | null }[] }; notBefore?: string; notAfter?: string };

async function settled(id: string, done: (c: Cert) => boolean = (c) => !c.running && c.status !== 'pending'): Promise<Cert> {
  return waitFor(`certificate ${id} to settle`, async () => {
    const res = await call('GET', `/api/v1/certificates/${id}`);
    return done(res.json as Cert) ? (res.json as Cert) : null;
  }, 60_000, 150);
}

type StreamedEvent = { kind: string; certificateId?: string; names?: string[]; message?: string; notAfter?: string | null; nextAttemptAt?: string | null };

/** Certificate events of the live statistics stream (the engine's ring replayed) until `enough`. */
async function streamedEvents(certificateId: string, enough: (kinds: string[]) => boolean): Promise<StreamedEvent[]> {
  const of = (evs: { data: { events?: StreamedEvent[] } }[]) => evs.flatMap((e) => e.data.events ?? []).filter((e) => e.certificateId === certificateId);
  return of(await readStatsStream<{ events?: StreamedEvent[] }>(portico.dashboard, api.cookie, (evs) => enough(of(evs).map((e) => e.kind)), 15_000, '0'));
}

function served(name: string, ca = root): Promise<ServedCertificate> {
  return servedCertificate(portico.ports.https, name, ca);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-acme-'));
  const pebbleTls = makePebbleTls(dir);
  dns = await startChallTestSrv();
  for (const name of ['app.acme.test', 'www.acme.test', 'fail.acme.test', 'revoke.acme.test', 'plain.acme.test']) await dns.addA(name, ['127.0.0.1']);
  await dns.addAaaa('v6only.acme.test', ['::1']);
  httpPort = await freePort();
  [pebble, closedPortPebble, upstream] = await Promise.all([
    startPebble({ dir, name: 'pebble', httpPort, dnsServer: dns.dnsServer, tls: pebbleTls }),
    // A second CA that validates on a port where nothing listens: a challenge that fails at the CA.
    startPebble({ dir, name: 'pebble-closed-port', httpPort: await freePort(), dnsServer: dns.dnsServer, tls: pebbleTls }),
    startEchoUpstream(),
  ]);
  portico = await startPortico({
    PORTICO_HTTP_PORT: String(httpPort),
    PORTICO_ACME_DIRECTORY_URL: pebble.directoryUrl,
    PORTICO_ACME_CA_FILE: pebbleTls.caFile,
    PORTICO_ACME_HTTP_PORT: String(httpPort),
    PORTICO_ACME_DNS_SERVERS: dns.dnsServer,
    PORTICO_ACME_RENEW_CHECK_MS: '1000',
  });
  api = await signIn(portico.dashboard);
  root = await pebble.root();
  fs.writeFileSync(path.join(dir, 'pebble-root.pem'), root);
  const host = await call('POST', '/api/v1/hosts', {
    serverNames: ['app.acme.test', 'www.acme.test', 'revoke.acme.test', 'upload.acme.test'],
    entrypoints: ['http', 'https'],
    locations: [{ path: '/', action: { kind: 'proxy', address: upstream.address } }],
  });
  expect(host.status).toBe(201);
}, 180_000);

afterAll(async () => {
  await Promise.all([portico?.stop(), pebble?.stop(), closedPortPebble?.stop(), upstream?.close()]);
  await dns?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

let issuedId: string;

describe('ACME issuance through the API', () => {
  it('issues a certificate with live progress, and the host serves it at once', async () => {
    const created = await call('POST', '/api/v1/certificates', { domains: ['app.acme.test', 'WWW.acme.test'] });
    expect(created.status).toBe(202);
    expect(created.json).toMatchObject({ status: 'pending', domains: ['app.acme.test', 'www.acme.test'], running: true });
    issuedId = created.json.id;
    const cert = await settled(issuedId);
    expect(cert.status, JSON.stringify(cert.lastError)).toBe('valid');
    expect(cert.error).toBeUndefined();
    expect(cert.progress.steps.map((s) => `${s.key}:${s.status}`)).toEqual(['preflight', 'account', 'order', 'challenge', 'validating', 'finalized', 'installed'].map((k) => `${k}:done`));
    expect(new Date(cert.notAfter!).getTime()).toBeGreaterThan(Date.now());

    for (const name of ['app.acme.test', 'www.acme.test']) {
      const tlsView = await served(name);
      expect(tlsView.error).toBeNull();
      expect(tlsView.authorized).toBe(true);
      expect(tlsView.san).toBe('DNS:app.acme.test, DNS:www.acme.test');
    }
    const curl = await run('curl', ['-sS', '--http2', '--cacert', path.join(dir, 'pebble-root.pem'), '--resolve', `www.acme.test:${portico.ports.https}:127.0.0.1`, '-w', '%{http_version} %{response_code}', '-o', '/dev/null', `https://www.acme.test:${portico.ports.https}/`], { timeoutMs: 15000, caClock: true });
    expect(curl.stdout).toBe('2 200');
  });

  it('renews on request and serves the new certificate without restarting the engine', async () => {
    const pid = portico.enginePid();
    const before = await served('app.acme.test');
    const renew = await call('POST', `/api/v1/certificates/${issuedId}/renew`);
    expect(renew.status).toBe(202);
    expect(renew.json.status).toBe('valid');
    const cert = await settled(issuedId, (c) => !c.running && c.progress.kind === 'renewal' && c.progress.finishedAt !== null);
    expect(cert.lastError).toBeNull();
    const after = await served('app.acme.test');
    expect(after.authorized).toBe(true);
    expect(after.fingerprint).not.toBe(before.fingerprint);
    expect(portico.enginePid()).toBe(pid);
    // The stats stream told about the issuance, then the renewal.
    const events = await streamedEvents(issuedId, (kinds) => kinds.includes('certificate.renewed'));
    expect(events.map((e) => e.kind)).toEqual(['certificate.issued', 'certificate.renewal_started', 'certificate.renewed']);
    expect(events[2]).toMatchObject({ names: ['app.acme.test', 'www.acme.test'], notAfter: cert.notAfter, message: expect.stringMatching(/^Renewed by .+, valid until /) });
  });

  it('renews by itself when the renewal time comes', async () => {
    const before = await served('www.acme.test');
    const db = await openDb(portico.dataDir);
    await db.certificate.update({ where: { id: issuedId }, data: { renewAt: new Date(Date.now() - 1000) } });
    await db.$disconnect();
    await waitFor('the scheduled renewal to be served', async () => (await served('www.acme.test')).fingerprint !== before.fingerprint, 30_000, 250);
    const cert = await settled(issuedId);
    expect(cert.status).toBe('valid');
    expect(new Date((cert as unknown as { renewAt: string }).renewAt).getTime()).toBeGreaterThan(Date.now());
  });

  it('revokes a certificate with the CA and stops serving it', async () => {
    const created = await call('POST', '/api/v1/certificates', { domains: ['revoke.acme.test'] });
    const cert = await settled(created.json.id);
    expect(cert.status).toBe('valid');
    expect((await served('revoke.acme.test')).authorized).toBe(true);
    const revoked = await call('POST', `/api/v1/certificates/${cert.id}/revoke`, { reason: 'superseded' });
    expect(revoked.status, JSON.stringify(revoked.json)).toBe(200);
    expect(revoked.json).toMatchObject({ status: 'revoked', apply: { applied: true } });
    expect((await served('revoke.acme.test')).san).toBe('DNS:portico-default.invalid');
    const again = await call('POST', `/api/v1/certificates/${cert.id}/revoke`, {});
    expect(again.status).toBe(409);
  });
});

describe('one click: the certificate and HTTPS for a host', () => {
  it('orders for an HTTP-only host with hostId and redirectHttps: once valid, the host serves HTTPS and redirects HTTP', async () => {
    const created = await call('POST', '/api/v1/hosts', { serverNames: ['plain.acme.test'], locations: [{ path: '/', action: { kind: 'proxy', address: upstream.address } }] });
    const hostId = created.json.host.id as string;
    expect(created.json.host.entrypoints).toEqual(['http']);
    const order = await call('POST', '/api/v1/certificates', { domains: ['plain.acme.test'], hostId, redirectHttps: true });
    expect(order.status).toBe(202);
    const cert = await settled(order.json.id);
    expect(cert.status, JSON.stringify(cert.lastError)).toBe('valid');
    expect(cert.progress.steps.find((s) => s.key === 'installed')?.detail).toMatch(/HTTPS on, plain HTTP redirected to HTTPS for plain\.acme\.test/);
    const host = (await call('GET', `/api/v1/hosts/${hostId}`)).json.host;
    expect([host.entrypoints, host.tls.forceHttps]).toEqual([['http', 'https'], true]);
    expect(await served('plain.acme.test')).toMatchObject({ authorized: true, san: 'DNS:plain.acme.test' });
    // The HTTP entrypoint is the port pebble validates on (PORTICO_HTTP_PORT above).
    const plainHttp = await request(httpPort, '/page?x=1', { headers: { host: 'plain.acme.test' } });
    expect([plainHttp.status, plainHttp.headers.location]).toEqual([301, `https://plain.acme.test:${portico.ports.https}/page?x=1`]);
    const audit = await call('GET', `/api/v1/audit?objectType=host&objectId=${hostId}`);
    expect(audit.json.events.map((e: { action: string }) => e.action)).toEqual(['host.update', 'host.create']);
  });

  it('refuses a hostId that is not a host of these names, and redirectHttps without a host', async () => {
    const hosts = (await call('GET', '/api/v1/hosts')).json.hosts as { id: string; serverNames: string[] }[];
    const other = hosts.find((h) => h.serverNames.includes('app.acme.test'))!;
    const wrong = await call('POST', '/api/v1/certificates', { domains: ['plain.acme.test'], hostId: other.id });
    expect([wrong.status, wrong.json.error.details]).toEqual([422, [{ path: 'hostId', message: expect.stringMatching(/none of the names/) }]]);
    expect((await call('POST', '/api/v1/certificates', { domains: ['plain.acme.test'], hostId: 'nope' })).status).toBe(422);
    const alone = await call('POST', '/api/v1/certificates', { domains: ['plain.acme.test'], redirectHttps: true });
    expect([alone.status, alone.json.error.details]).toEqual([422, [{ path: 'redirectHttps', message: 'redirectHttps needs a hostId' }]]);
  });

  it('a failed order leaves the host as it was', async () => {
    const created = await call('POST', '/api/v1/hosts', { serverNames: ['unresolved.acme.test'], locations: [{ path: '/', action: { kind: 'proxy', address: upstream.address } }] });
    const before = created.json.host;
    const cert = await settled((await call('POST', '/api/v1/certificates', { domains: ['unresolved.acme.test'], hostId: before.id, redirectHttps: true })).json.id);
    expect(cert.status).toBe('failed');
    const after = (await call('GET', `/api/v1/hosts/${before.id}`)).json.host;
    expect(after).toEqual(before);
  });
});

describe('plain-language failures', () => {
  it('reports a challenge the CA could not validate, with its problem document', async () => {
    const created = await call('POST', '/api/v1/certificates', { domains: ['fail.acme.test'], directoryUrl: closedPortPebble.directoryUrl });
    const cert = await settled(created.json.id);
    expect(cert.status).toBe('failed');
    expect(cert.error).toMatch(/^The CA at localhost:\d+ could not connect to fail\.acme\.test on port 80: .*connection refused.*Open port 80 to the internet and forward it to Portico's HTTP entrypoint\.$/i);
    expect(cert.lastError).toMatchObject({ code: 'challenge_failed', step: 'validating', domain: 'fail.acme.test', problem: { type: 'urn:ietf:params:acme:error:connection' } });
    expect(cert.progress.steps.find((s) => s.key === 'validating')?.status).toBe('failed');
    expect(cert.error).not.toMatch(/internal error/i);
    const [failed] = await streamedEvents(cert.id, (kinds) => kinds.includes('certificate.issue_failed'));
    expect(failed).toMatchObject({ kind: 'certificate.issue_failed', names: ['fail.acme.test'], message: cert.error, nextAttemptAt: null });
  });

  it('stops before the CA when a name does not resolve', async () => {
    const created = await call('POST', '/api/v1/certificates', { domains: ['nowhere.acme.test'] });
    const cert = await settled(created.json.id);
    expect(cert.status).toBe('failed');
    expect(cert.error).toBe("nowhere.acme.test does not resolve to an address: the name has no A or AAAA record. Create an A (or AAAA) record for it pointing at this server's public address, wait for DNS to update, then try again.");
    expect(cert.lastError).toMatchObject({ code: 'dns_unresolved', step: 'preflight' });
    expect(cert.progress.steps.find((s) => s.key === 'order')?.status).toBe('pending');
  });

  it('ordering the same names again retries that certificate instead of adding another', async () => {
    const first = (await call('GET', '/api/v1/certificates')).json.certificates.filter((c: { domains: string[] }) => c.domains.join() === 'nowhere.acme.test');
    expect(first).toHaveLength(1);
    const again = await call('POST', '/api/v1/certificates', { domains: ['nowhere.acme.test'] });
    expect([again.status, again.json.id]).toEqual([202, first[0].id]);
    const cert = await settled(again.json.id);
    expect([cert.status, cert.lastError?.attempts]).toEqual(['failed', 2]);
    expect((await call('GET', '/api/v1/certificates')).json.certificates.filter((c: { domains: string[] }) => c.domains.join() === 'nowhere.acme.test')).toHaveLength(1);
  });

  it('stops before the CA when port 80 of a name is not reachable', async () => {
    const created = await call('POST', '/api/v1/certificates', { domains: ['v6only.acme.test'] });
    const cert = await settled(created.json.id);
    expect(cert.status).toBe('failed');
    expect(cert.error).toMatch(new RegExp(`^port ${httpPort} of v6only\\.acme\\.test \\(::1\\) is not reachable: .+\\. The CA connects to port ${httpPort} from the internet`));
    expect(cert.lastError).toMatchObject({ code: 'port_unreachable', step: 'preflight', domain: 'v6only.acme.test' });
  });

  it('refuses names it cannot order, with the field that is wrong', async () => {
    const wildcard = await call('POST', '/api/v1/certificates', { domains: ['*.acme.test'] });
    expect(wildcard.status).toBe(422);
    expect(wildcard.json.error.details).toEqual([{ path: 'domains.0', message: expect.stringMatching(/the wildcard \*\.acme\.test can only be validated through DNS: set challenge to "dns-01"/) }]);
    expect((await call('POST', '/api/v1/certificates', { domains: ['10.0.0.1'] })).status).toBe(422);
    expect((await call('POST', '/api/v1/certificates', { domains: [] })).status).toBe(422);
  });
});

describe('uploaded certificates', () => {
  const ca = buildCertificate({ commonName: 'Upload CA', ca: true });
  const leaf = buildCertificate({ commonName: 'upload.acme.test', dnsNames: ['upload.acme.test'], issuer: { commonName: 'Upload CA', key: ca.key } });
  const stranger = buildCertificate({ commonName: 'x.test', dnsNames: ['x.test'] });

  it('explains why an upload cannot be used', async () => {
    const res = await call('POST', '/api/v1/certificates/upload', { certPem: leaf.certPem, keyPem: stranger.keyPem });
    expect(res.status).toBe(422);
    expect(res.json.error.details).toEqual([{ path: 'keyPem', message: expect.stringMatching(/does not belong to the certificate/) }]);
  });

  it('accepts a self-signed certificate made the usual way (CA:TRUE), says so, and offers no revocation', async () => {
    const self = buildCertificate({ commonName: 'self.acme.test', dnsNames: ['self.acme.test'], ca: true });
    const res = await call('POST', '/api/v1/certificates/upload', { certPem: self.certPem, keyPem: self.keyPem });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json).toMatchObject({ selfSigned: true, warnings: [expect.stringMatching(/self-signed/)] });
    expect((await call('GET', `/api/v1/certificates/${res.json.id}`)).json.selfSigned).toBe(true);
    expect((await call('POST', `/api/v1/certificates/${res.json.id}/revoke`, {})).status).toBe(409);
    await call('DELETE', `/api/v1/certificates/${res.json.id}`);
  });

  it('serves an uploaded certificate by name, and stops when it is deleted', async () => {
    const res = await call('POST', '/api/v1/certificates/upload', { certPem: leaf.certPem, chainPem: ca.certPem, keyPem: leaf.keyPem });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ status: 'valid', source: 'upload', domains: ['upload.acme.test'], apply: { applied: true } });
    expect((await served('upload.acme.test', ca.certPem)).authorized).toBe(true);
    const del = await call('DELETE', `/api/v1/certificates/${res.json.id}`);
    expect(del.json.apply.applied).toBe(true);
    expect((await served('upload.acme.test', ca.certPem)).san).toBe('DNS:portico-default.invalid');
    expect((await call('GET', `/api/v1/certificates/${res.json.id}`)).status).toBe(404);
  });

  it('announces a certificate close to expiry in the stats stream', async () => {
    const soon = buildCertificate({ commonName: 'upload.acme.test', dnsNames: ['upload.acme.test'], issuer: { commonName: 'Upload CA', key: ca.key }, notBefore: new Date(Date.now() - 80 * 86400_000), notAfter: new Date(Date.now() + 3 * 86400_000 + 3600_000) });
    const res = await call('POST', '/api/v1/certificates/upload', { certPem: soon.certPem, chainPem: ca.certPem, keyPem: soon.keyPem });
    expect(res.status).toBe(201);
    const [expiring] = await streamedEvents(res.json.id, (kinds) => kinds.includes('certificate.expiring'));
    expect(expiring).toMatchObject({ names: ['upload.acme.test'], message: expect.stringMatching(/^The certificate for upload\.acme\.test expires in 3 days \(.+\); upload a new certificate before then\.$/) });
    await call('DELETE', `/api/v1/certificates/${res.json.id}`);
  });
});

describe('secrets', () => {
  it('never returns a private key, and documents the routes', async () => {
    const list = await call('GET', '/api/v1/certificates');
    expect(list.json.certificates.length).toBeGreaterThanOrEqual(4);
    const accounts = await call('GET', '/api/v1/certificates/accounts');
    expect(accounts.json.accounts.map((a: { directoryUrl: string }) => a.directoryUrl).sort()).toEqual([pebble.directoryUrl, closedPortPebble.directoryUrl].sort());
    const text = JSON.stringify(responses);
    expect(text).not.toMatch(/PRIVATE KEY|"keyPem":"|enc:v1:/);
    const doc = await call('GET', '/api/v1/openapi.json');
    expect(Object.keys(doc.json.paths)).toEqual(expect.arrayContaining(['/api/v1/certificates', '/api/v1/certificates/{id}', '/api/v1/certificates/{id}/renew', '/api/v1/certificates/{id}/revoke', '/api/v1/certificates/upload']));
  });
});
