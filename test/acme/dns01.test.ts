// DNS-01 end to end: Debian's bind9 is the authoritative server of example.test and takes
// TSIG-signed updates; pebble resolves through it (-dnsserver); Portico, started as `npm
// start` starts it, with an rfc2136 DNS provider issues *.example.test + example.test,
// serves a.example.test and b.example.test with a chain that verifies against pebble's
// root, and leaves no TXT record behind. Also the providers API: no credential ever comes
// back, a provider in use cannot be deleted, and a wrong key fails the order in words.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { signIn, startPortico, type ApiClient, type Portico } from '../helpers/portico.ts';
import { freePort, waitFor } from '../helpers/ports.ts';
import { ensureDebianPackages } from '../helpers/stream-servers.ts';
import { startAuthoritativeZone, tsigClockMoved, type AuthoritativeZone } from '../helpers/bind9-zone.ts';
import { run } from './run.ts';
import { makePebbleTls, startPebble, type Pebble } from './pebble.ts';

const ready = process.getuid?.() === 0 && ensureDebianPackages({ bind9: '/usr/sbin/named', 'bind9-dnsutils': 'dig', iproute2: 'ip', pebble: 'pebble' });

let dir: string;
let bind: AuthoritativeZone;
let pebble: Pebble;
let upstream: EchoUpstream;
let portico: Portico;
let api: ApiClient;
let root: string;

type Cert = { id: string; status: string; running: boolean; error?: string; challenge: string; dnsProvider: { id: string; name: string } | null; lastError: Record<string, unknown> | null; progress: { steps: { key: string; label: string; status: string; detail: string | null }[] } };

async function settled(id: string): Promise<Cert> {
  return waitFor(`certificate ${id} to settle`, async () => {
    const res = await api.call('GET', `/api/v1/certificates/${id}`);
    return !res.json.running && res.json.status !== 'pending' ? (res.json as Cert) : null;
  }, 90_000, 200);
}

function served(name: string): Promise<{ authorized: boolean; error: Error | null; san: string }> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port: portico.ports.https, servername: name, ca: root, rejectUnauthorized: false }, () => {
      resolve({ authorized: socket.authorized, error: socket.authorizationError ?? null, san: socket.getPeerX509Certificate()!.subjectAltName ?? '' });
      socket.destroy();
    });
    socket.once('error', reject);
  });
}

describe.skipIf(!ready || tsigClockMoved)('DNS-01 with an rfc2136 provider (bind9 + pebble)', () => {
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-dns01-'));
    const pebbleTls = makePebbleTls(dir);
    bind = await startAuthoritativeZone('example.test', ['stray.test']);
    [pebble, upstream] = await Promise.all([startPebble({ dir, name: 'pebble', httpPort: await freePort(), dnsServer: bind.server, tls: pebbleTls }), startEchoUpstream()]);
    portico = await startPortico({
      PORTICO_ACME_DIRECTORY_URL: pebble.directoryUrl,
      PORTICO_ACME_CA_FILE: pebbleTls.caFile,
      PORTICO_ACME_DNS_SERVERS: bind.server,
    });
    api = await signIn(portico.dashboard);
    root = await pebble.root();
    fs.writeFileSync(path.join(dir, 'pebble-root.pem'), root);
  }, 600_000);

  afterAll(async () => {
    await Promise.all([portico?.stop(), pebble?.stop(), upstream?.close()]);
    await bind?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  let providerId: string;

  it('stores a provider and never returns its secret', async () => {
    const created = await api.call('POST', '/api/v1/dns-providers', {
      name: 'bind',
      kind: 'rfc2136',
      settings: { server: bind.server, keyName: bind.key.name, keyAlgorithm: bind.key.algorithm, keySecret: bind.key.secret },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id: expect.any(String), name: 'bind', kind: 'rfc2136' });
    providerId = created.json.id;
    const listed = await api.call('GET', '/api/v1/dns-providers');
    expect(listed.json.providers).toEqual([
      expect.objectContaining({ id: providerId, name: 'bind', kind: 'rfc2136', settings: { server: bind.server, keyName: 'portico-acme', keyAlgorithm: 'hmac-sha256', propagationTimeoutSeconds: 120, keySecretSet: true } }),
    ]);
    const everything = JSON.stringify([created.json, listed.json, (await api.call('GET', `/api/v1/dns-providers/${providerId}`)).json, (await api.call('GET', '/api/v1/audit')).json]);
    expect(everything).not.toContain(bind.key.secret);
    // Nor is it in the database in the clear.
    for (const file of fs.readdirSync(portico.dataDir).filter((f) => f.startsWith('portico.db'))) {
      expect(fs.readFileSync(path.join(portico.dataDir, file)).includes(Buffer.from(bind.key.secret)), file).toBe(false);
    }
  });

  it.each([
    { desc: 'an unknown kind', body: { name: 'x', kind: 'godaddy', settings: {} }, path: 'kind' },
    { desc: 'a server that is not host:port', body: { name: 'x', kind: 'rfc2136', settings: { server: 'ns1 example', keyName: 'k', keySecret: 'c2VjcmV0' } }, path: 'settings.server' },
    { desc: 'a secret that is not base64', body: { name: 'x', kind: 'rfc2136', settings: { server: '192.0.2.1', keyName: 'k', keySecret: 'not base64!' } }, path: 'settings.keySecret' },
    { desc: 'an unknown algorithm', body: { name: 'x', kind: 'rfc2136', settings: { server: '192.0.2.1', keyName: 'k', keySecret: 'c2VjcmV0', keyAlgorithm: 'hmac-foo' } }, path: 'settings.keyAlgorithm' },
    { desc: 'a relative command', body: { name: 'x', kind: 'exec', settings: { command: 'dns.sh' } }, path: 'settings.command' },
  ])('refuses $desc with the field that is wrong, and stores nothing', async ({ body, path: field }) => {
    const res = await api.call('POST', '/api/v1/dns-providers', body);
    expect(res.status).toBe(422);
    expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(field);
    expect((await api.call('GET', '/api/v1/dns-providers')).json.providers).toHaveLength(1);
  });

  it('refuses wildcard names without dns-01, and dns-01 without an existing provider', async () => {
    expect((await api.call('POST', '/api/v1/certificates', { domains: ['*.example.test'] })).json.error.details).toEqual([{ path: 'domains.0', message: expect.stringMatching(/can only be validated through DNS/) }]);
    expect((await api.call('POST', '/api/v1/certificates', { domains: ['example.test'], challenge: 'dns-01' })).json.error.details).toEqual([{ path: 'dnsProviderId', message: expect.stringMatching(/needs a DNS provider/) }]);
    const missing = await api.call('POST', '/api/v1/certificates', { domains: ['example.test'], challenge: 'dns-01', dnsProviderId: 'nope' });
    expect(missing.status).toBe(422);
    expect(missing.json.error.details).toEqual([{ path: 'dnsProviderId', message: expect.stringMatching(/DNS provider nope does not exist/) }]);
  });

  it('issues *.example.test + example.test; a. and b.example.test are served with a chain to pebble\'s root; no TXT record is left', async () => {
    const host = await api.call('POST', '/api/v1/hosts', { serverNames: ['example.test', '*.example.test'], entrypoints: ['http'], locations: [{ path: '/', action: { kind: 'proxy', address: upstream.address } }] });
    expect(host.status).toBe(201);
    const created = await api.call('POST', '/api/v1/certificates', { domains: ['*.example.test', 'example.test'], challenge: 'dns-01', dnsProviderId: providerId, hostId: host.json.host.id });
    expect(created.status, JSON.stringify(created.json)).toBe(202);
    const cert = await settled(created.json.id);
    expect(cert.status, JSON.stringify(cert.lastError)).toBe('valid');
    expect(cert).toMatchObject({ challenge: 'dns-01', dnsProvider: { id: providerId, name: 'bind' } });
    expect(cert.progress.steps.find((s) => s.key === 'challenge')).toMatchObject({ label: 'TXT records published', status: 'done', detail: `2 TXT records written and served by ns1.example.test (${bind.address}:53)` });

    for (const name of ['a.example.test', 'b.example.test', 'example.test']) {
      const view = await served(name);
      expect(view.error, name).toBeNull();
      expect(view.authorized).toBe(true);
      expect(view.san).toBe('DNS:*.example.test, DNS:example.test');
    }
    const curl = await run('curl', ['-sS', '--cacert', path.join(dir, 'pebble-root.pem'), '--resolve', `b.example.test:${portico.ports.https}:127.0.0.1`, '-w', '%{response_code}', '-o', '/dev/null', `https://b.example.test:${portico.ports.https}/`], { timeoutMs: 15000 });
    expect(curl.stdout).toBe('200');
    expect(bind.txt('_acme-challenge.example.test')).toEqual([]);

    // The provider validates a certificate: its renewals need it.
    const del = await api.call('DELETE', `/api/v1/dns-providers/${providerId}`);
    expect(del.status).toBe(409);
    expect(del.json.error.message).toMatch(/the DNS provider "bind" validates a certificate .*\*\.example\.test, example\.test/);

    // A renewal goes through the same provider.
    expect((await api.call('POST', `/api/v1/certificates/${cert.id}/renew`)).status).toBe(202);
    const renewed = await waitFor('the renewal', async () => {
      const res = await api.call('GET', `/api/v1/certificates/${cert.id}`);
      return !res.json.running && res.json.progress.kind === 'renewal' && res.json.progress.finishedAt ? res.json : null;
    }, 90_000, 200);
    expect(renewed.lastError).toBeNull();
    expect(renewed.progress.steps[0].detail).toBe('DNS-01 through the DNS provider "bind" (rfc2136); port 80 is not needed');
    expect(bind.txt('_acme-challenge.example.test')).toEqual([]);
  });

  it('follows a delegating CNAME of _acme-challenge, as the CA does', async () => {
    const created = await api.call('POST', '/api/v1/certificates', { domains: ['delegated.example.test'], challenge: 'dns-01', dnsProviderId: providerId });
    const cert = await settled(created.json.id);
    expect(cert.status, JSON.stringify(cert.lastError)).toBe('valid');
    expect(bind.txt('delegated-validation.example.test')).toEqual([]);
  });

  it('fails an order whose key the server does not accept, in words, and writes nothing', async () => {
    const wrong = await api.call('POST', '/api/v1/dns-providers', {
      name: 'bind-readonly',
      kind: 'rfc2136',
      settings: { server: bind.server, keyName: bind.readOnlyKey.name, keySecret: bind.readOnlyKey.secret },
    });
    expect(wrong.status).toBe(201);
    const created = await api.call('POST', '/api/v1/certificates', { domains: ['c.example.test'], challenge: 'dns-01', dnsProviderId: wrong.json.id });
    const cert = await settled(created.json.id);
    expect(cert.status).toBe('failed');
    expect(cert.lastError).toMatchObject({ code: 'dns_credentials', step: 'challenge', domain: 'c.example.test' });
    expect(cert.error).toMatch(/refused the update of example\.test \(REFUSED\): its update-policy \(or allow-update\) does not let the key "portico-readonly" change TXT records there/);
    expect(bind.txt('_acme-challenge.c.example.test')).toEqual([]);
  });

  it('gives up when the authoritative servers never show the record, says what they answered, and removes it', async () => {
    const slow = await api.call('POST', '/api/v1/dns-providers', {
      name: 'bind-10s',
      kind: 'rfc2136',
      settings: { server: bind.server, keyName: bind.key.name, keySecret: bind.key.secret, propagationTimeoutSeconds: 10 },
    });
    const created = await api.call('POST', '/api/v1/certificates', { domains: ['x.stray.test'], challenge: 'dns-01', dnsProviderId: slow.json.id });
    const cert = await settled(created.json.id);
    expect(cert.status).toBe('failed');
    expect(cert.lastError).toMatchObject({ code: 'dns_not_propagated', step: 'challenge', domain: 'x.stray.test' });
    expect(cert.error).toMatch(/^The TXT record _acme-challenge\.x\.stray\.test was not visible at every authoritative server of stray\.test after 10 s: ns1\.stray\.test \(127\.0\.0\.1:53\) answered [A-Z]+; expected "[\w-]+"/);
    // Written at the provider, and taken away again although the order failed.
    expect(bind.txt('_acme-challenge.x.stray.test')).toEqual([]);
  }, 60_000);

  it('lets a provider be renamed and its settings changed without sending the secret again, and deletes an unused one', async () => {
    const list = (await api.call('GET', '/api/v1/dns-providers')).json.providers as { id: string; name: string }[];
    const spare = await api.call('POST', '/api/v1/dns-providers', { name: 'spare', kind: 'rfc2136', settings: { server: bind.server, keyName: bind.key.name, keySecret: bind.key.secret } });
    const patched = await api.call('PATCH', `/api/v1/dns-providers/${spare.json.id}`, { name: 'spare2', settings: { propagationTimeoutSeconds: 30, keySecret: '' } });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ name: 'spare2', settings: { propagationTimeoutSeconds: 30, keySecretSet: true } });
    expect((await api.call('PATCH', `/api/v1/dns-providers/${spare.json.id}`, { settings: { server: 'not a server' } })).status).toBe(422);
    expect((await api.call('PATCH', `/api/v1/dns-providers/${spare.json.id}`, { name: list[0]!.name })).status).toBe(409);
    expect((await api.call('DELETE', `/api/v1/dns-providers/${spare.json.id}`)).status).toBe(200);
    expect((await api.call('GET', `/api/v1/dns-providers/${spare.json.id}`)).status).toBe(404);
  });
});
