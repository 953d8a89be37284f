// Outside tools against the HTTPS entrypoint: testssl.sh (protocols, forward secrecy,
// every cipher per protocol, HTTP headers — specific checks, not the whole suite, to
// keep the run bounded), curl over HTTP/2, and h2load for 200 requests over HTTP/2.
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/data-dir.ts';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { run } from './run.ts';
import { startTlsEngine, type TlsEngine } from './tls-engine.ts';

let t: TlsEngine;
let upstream: EchoUpstream;
let dir: string;
const NAME = 'scan.example.test';
const RESULTS = path.join(REPO_ROOT, 'test-results');

const tool = (command: string, args: string[], timeoutMs: number) => run(command, args, { cwd: dir, timeoutMs });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-scan-'));
  [t, upstream] = await Promise.all([startTlsEngine(), startEchoUpstream()]);
  fs.writeFileSync(path.join(dir, 'ca.pem'), t.ca.certPem);
  // An RSA certificate: only with RSA can a server offer non-forward-secret key exchange, so it is the one to scan.
  await t.addCertificate([NAME], { keys: generateKeyPairSync('rsa', { modulusLength: 2048 }) });
  await t.setHosts([
    {
      serverNames: [NAME],
      defaultServer: true,
      entrypoints: ['http', 'https'],
      tls: { hsts: { enabled: true, maxAgeSeconds: 31536000, includeSubDomains: true } },
      locations: [{ path: '/', action: { kind: 'proxy', address: upstream.address } }],
    },
  ]);
});

afterAll(async () => {
  await Promise.all([t?.stop(), upstream?.close()]);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

interface Finding {
  id: string;
  severity: string;
  finding: string;
}

describe('testssl.sh', () => {
  it('finds no obsolete protocol, only forward-secret AEAD ciphers, and HSTS', async () => {
    const json = path.join(dir, 'testssl.json');
    const result = await tool(
      'testssl',
      ['--quiet', '--color', '0', '--warnings', 'off', '--sneaky', '--ip', '127.0.0.1', '-p', '-f', '-E', '-h', '--jsonfile', json, `https://${NAME}:${t.ports.https}/`],
      240_000,
    );
    expect(fs.existsSync(json), `testssl produced no report:\n${result.stdout}\n${result.stderr}`).toBe(true);
    const findings = JSON.parse(fs.readFileSync(json, 'utf8')) as Finding[];
    fs.mkdirSync(RESULTS, { recursive: true });
    fs.writeFileSync(path.join(RESULTS, 'testssl.json'), JSON.stringify(findings, null, 2));
    const byId = new Map(findings.map((f) => [f.id, f]));

    for (const id of ['SSLv2', 'SSLv3', 'TLS1', 'TLS1_1']) expect(byId.get(id)?.finding, id).toMatch(/^not offered/);
    expect(byId.get('TLS1_2')?.finding).toMatch(/^offered/);
    expect(byId.get('TLS1_3')?.finding).toMatch(/^offered/);
    expect(byId.get('ALPN_HTTP2')?.finding).toContain('h2');
    expect(byId.get('PFS')?.severity).toBe('OK');

    const ciphers = findings.filter((f) => f.id.startsWith('cipher-'));
    expect(ciphers.length).toBeGreaterThanOrEqual(6);
    for (const cipher of ciphers) {
      expect(cipher.finding, cipher.id).toMatch(/ECDH/);
      expect(cipher.finding, cipher.id).toMatch(/AESGCM|ChaCha20/);
      expect(cipher.finding, cipher.id).not.toMatch(/CBC|3DES|RC4|NULL|(?<!EC)DHE-/);
      expect(cipher.id, cipher.id).toMatch(/^cipher-tls1_[23]_/);
    }
    expect(byId.get('HSTS_time')?.severity).toBe('OK');
    expect(byId.get('HSTS_time')?.finding).toMatch(/31536000 seconds/);
    expect(byId.get('HSTS_subdomains')?.finding).toMatch(/includes subdomains/);
  }, 300_000);
});

describe('HTTP/2 with outside clients', () => {
  it('curl --http2 speaks HTTP/2 through the proxy', async () => {
    const result = await tool(
      'curl',
      ['--http2', '-sS', '--cacert', 'ca.pem', '--resolve', `${NAME}:${t.ports.https}:127.0.0.1`, '-o', 'body.json', '-D', 'headers.txt', '-w', '%{http_version} %{response_code}', `https://${NAME}:${t.ports.https}/via-curl?h2=1`],
      20_000,
    );
    expect(result.stdout).toBe('2 200');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'body.json'), 'utf8'))).toMatchObject({ method: 'GET', url: '/via-curl?h2=1' });
    expect(fs.readFileSync(path.join(dir, 'headers.txt'), 'utf8')).toMatch(/^strict-transport-security: max-age=31536000; includeSubDomains\r?$/m);
  });

  it('h2load completes 200 requests over HTTP/2 without a failure', async () => {
    const result = await tool('h2load', ['-n', '200', '-c', '4', '-m', '10', `https://127.0.0.1:${t.ports.https}/load`], 60_000);
    fs.mkdirSync(RESULTS, { recursive: true });
    fs.writeFileSync(path.join(RESULTS, 'h2load.txt'), result.stdout);
    expect(result.stdout).toMatch(/Application protocol: h2/);
    expect(result.stdout).toMatch(/requests: 200 total, 200 started, 200 done, 200 succeeded, 0 failed, 0 errored/);
    expect(result.stdout).toMatch(/status codes: 200 2xx/);
  }, 90_000);
});
