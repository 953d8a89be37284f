// OCSP stapling end to end: a certificate whose AIA names an OCSP responder (OpenSSL's
// own `openssl ocsp`, run as the CA's responder), served by the engine; the staple is
// fetched in the background and OpenSSL's client sees "Cert Status: good" in the handshake.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretBoxFor } from '../../core/tls/secret-box.ts';
import { parseOcspResponse, ocspRequest } from '../../proxy-engine/tls/ocsp.ts';
import { freePort, waitFor } from '../helpers/ports.ts';
import { run } from './run.ts';
import { startTlsEngine, type TlsEngine } from './tls-engine.ts';

let dir: string;
let responder: ChildProcess;
let t: TlsEngine;
let leafPem: string;
let caPem: string;

function openssl(args: string[]): string {
  const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-ocsp-'));
  const port = await freePort();
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=OCSP Test Root', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature']);
  openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=ocsp.test']);
  fs.writeFileSync(path.join(dir, 'ext.cnf'), `subjectAltName=DNS:ocsp.test\nauthorityInfoAccess=OCSP;URI:http://127.0.0.1:${port}\nbasicConstraints=CA:FALSE\n`);
  openssl(['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'leaf.pem', '-days', '2', '-extfile', 'ext.cnf']);
  leafPem = fs.readFileSync(path.join(dir, 'leaf.pem'), 'utf8');
  caPem = fs.readFileSync(path.join(dir, 'ca.pem'), 'utf8');
  const leaf = new X509Certificate(leafPem);
  const expiry = leaf.validToDate.toISOString().replace(/[-:T]/g, '').slice(2, 14);
  fs.writeFileSync(path.join(dir, 'index.txt'), `V\t${expiry}Z\t\t${leaf.serialNumber}\tunknown\t/CN=ocsp.test\n`);
  responder = spawn('openssl', ['ocsp', '-index', 'index.txt', '-port', String(port), '-rsigner', 'ca.pem', '-rkey', 'ca.key', '-CA', 'ca.pem', '-ndays', '1'], { cwd: dir, stdio: 'ignore' });
  await waitFor('the OCSP responder', async () => {
    const der = ocspRequest(leaf, new X509Certificate(caPem));
    const res = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: { 'content-type': 'application/ocsp-request' }, body: new Uint8Array(der.der) });
    return parseOcspResponse(Buffer.from(await res.arrayBuffer()), der.serial).status === 'good';
  }, 10000, 100);

  t = await startTlsEngine();
  await t.db.certificate.create({
    data: { domains: ['ocsp.test'], status: 'VALID', source: 'UPLOAD', certPem: leafPem, chainPem: caPem, keyPem: secretBoxFor(t.dataDir).seal(fs.readFileSync(path.join(dir, 'leaf.key'), 'utf8')), progress: [] },
  });
  await t.setHosts([{ serverNames: ['ocsp.test'], entrypoints: ['https'], locations: [{ path: '/', action: { kind: 'return', status: 200, body: 'ok' } }] }]);
});

afterAll(async () => {
  responder?.kill();
  await t?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function stapled(): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    let staple: Buffer | null = null;
    const socket = tls.connect({ host: '127.0.0.1', port: t.ports.https, servername: 'ocsp.test', ca: caPem, requestOCSP: true }, () => {
      socket.destroy();
      resolve(staple);
    });
    // Node reports null when the server sent no staple (not yet fetched).
    socket.on('OCSPResponse', (response: Buffer | null) => (staple = response && response.length > 0 ? response : null));
    socket.once('error', reject);
  });
}

describe('OCSP stapling', () => {
  it('staples a good response fetched in the background', async () => {
    const staple = await waitFor('a stapled OCSP response', stapled, 10000, 100);
    const leaf = new X509Certificate(leafPem);
    expect(parseOcspResponse(staple, ocspRequest(leaf, new X509Certificate(caPem)).serial).status).toBe('good');
    const control = await fetch(`http://127.0.0.1:${t.ports.control}/tls`, { headers: { authorization: `Bearer ${fs.readFileSync(path.join(t.dataDir, 'engine.token'), 'utf8').trim()}` } });
    const status = (await control.json()) as { certificates: { names: string[]; ocsp: { stapled: boolean } | null }[] };
    expect(status.certificates.find((c) => c.names.includes('ocsp.test'))?.ocsp).toEqual({ stapled: true, lastError: null });
  });

  it("is verified by OpenSSL's client as the CA's answer", async () => {
    const { stdout } = await run('openssl', ['s_client', '-connect', `127.0.0.1:${t.ports.https}`, '-servername', 'ocsp.test', '-status', '-CAfile', 'ca.pem'], { cwd: dir, timeoutMs: 10000 });
    expect(stdout).toMatch(/OCSP Response Status: successful/);
    expect(stdout).toMatch(/Cert Status: good/);
    expect(stdout).toMatch(/Verify return code: 0 \(ok\)/);
  });
});
