import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCertificate } from './certificate-builder.ts';
import { validateUpload, type UploadInput } from './pem-validation.ts';

const DAY = 86400_000;
const root = buildCertificate({ commonName: 'Upload Root', ca: true });
const intermediate = buildCertificate({ commonName: 'Upload Intermediate', ca: true, issuer: { commonName: 'Upload Root', key: root.key } });
const leaf = buildCertificate({ commonName: 'app.example.com', dnsNames: ['app.example.com', 'www.example.com'], issuer: { commonName: 'Upload Intermediate', key: intermediate.key } });
const other = buildCertificate({ commonName: 'other.example.com', dnsNames: ['other.example.com'] });
const expired = buildCertificate({ commonName: 'old.example.com', dnsNames: ['old.example.com'], notBefore: new Date(Date.now() - 100 * DAY), notAfter: new Date(Date.now() - DAY) });
const future = buildCertificate({ commonName: 'later.example.com', dnsNames: ['later.example.com'], notBefore: new Date(Date.now() + 10 * DAY) });
const noNames = buildCertificate({ commonName: 'no-san.example.com' });
const weakRsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
const weak = buildCertificate({ commonName: 'weak.example.com', dnsNames: ['weak.example.com'], keys: weakRsa });
const encryptedKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' }).toString();

describe('upload validation', () => {
  const cases: { desc: string; input: UploadInput; issue: RegExp; path: string }[] = [
    { desc: 'key of another certificate', input: { certPem: leaf.certPem, keyPem: other.keyPem }, path: 'keyPem', issue: /does not belong to the certificate/ },
    { desc: 'passphrase-protected key', input: { certPem: other.certPem, keyPem: encryptedKey }, path: 'keyPem', issue: /encrypted with a passphrase/ },
    { desc: 'garbage key', input: { certPem: other.certPem, keyPem: 'hello' }, path: 'keyPem', issue: /not a readable private key/ },
    { desc: 'no certificate block', input: { certPem: 'not a pem', keyPem: other.keyPem }, path: 'certPem', issue: /no "-----BEGIN CERTIFICATE-----" block/ },
    { desc: 'chain in reverse order', input: { certPem: leaf.certPem, chainPem: root.certPem + intermediate.certPem, keyPem: leaf.keyPem }, path: 'chainPem', issue: /did not issue certificate 1/ },
    { desc: 'CA certificate first', input: { certPem: intermediate.certPem + leaf.certPem, keyPem: intermediate.keyPem }, path: 'certPem', issue: /is a CA certificate; put the server certificate first/ },
    { desc: 'a self-signed root first, then the server certificate', input: { certPem: root.certPem + leaf.certPem, keyPem: leaf.keyPem }, path: 'certPem', issue: /is a CA certificate; put the server certificate first/ },
    { desc: 'a self-signed certificate (CA:TRUE) with another certificate\'s key', input: { certPem: root.certPem, keyPem: leaf.keyPem }, path: 'keyPem', issue: /does not belong to the certificate/ },
    { desc: 'expired', input: { certPem: expired.certPem, keyPem: expired.keyPem }, path: 'certPem', issue: /expired on/ },
    { desc: 'not yet valid', input: { certPem: future.certPem, keyPem: future.keyPem }, path: 'certPem', issue: /not valid before/ },
    { desc: 'no DNS names', input: { certPem: noNames.certPem, keyPem: noNames.keyPem }, path: 'certPem', issue: /names no DNS names.*-addext "subjectAltName=DNS:no-san\.example\.com"/ },
    { desc: 'RSA key under 2048 bits', input: { certPem: weak.certPem, keyPem: weak.keyPem }, path: 'keyPem', issue: /shorter than 2048 bits/ },
  ];
  for (const c of cases) {
    it(`refuses: ${c.desc}`, () => {
      const result = validateUpload(c.input);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: c.path, message: expect.stringMatching(c.issue) })]));
    });
  }

  it('accepts a leaf with its chain (appended or separate) and reports names and validity', () => {
    for (const input of [
      { certPem: leaf.certPem + intermediate.certPem, keyPem: leaf.keyPem },
      { certPem: leaf.certPem, chainPem: intermediate.certPem, keyPem: leaf.keyPem },
    ]) {
      const result = validateUpload(input);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.value.names).toEqual(['app.example.com', 'www.example.com']);
      expect(result.value.chainPem).toContain('BEGIN CERTIFICATE');
      expect(result.value.keyPem).toContain('BEGIN PRIVATE KEY');
      expect(result.value.issuer).toContain('Upload Intermediate');
      expect(result.value.warnings).toEqual([]);
    }
  });

  it('blames the key, not the order, for a lone self-signed certificate with the wrong key', () => {
    const self = buildCertificate({ commonName: 'self.example.com', dnsNames: ['self.example.com'], ca: true });
    const result = validateUpload({ certPem: self.certPem, keyPem: leaf.keyPem });
    expect(result.ok ? [] : result.issues.map((i) => i.path)).toEqual(['keyPem']);
  });

  it('warns (but accepts) when the intermediates are missing', () => {
    const result = validateUpload({ certPem: leaf.certPem, keyPem: leaf.keyPem });
    expect(result.ok && result.value.warnings[0]).toMatch(/No intermediate certificates/);
    expect(result.ok && result.value.selfSigned).toBe(false);
  });

  // OpenSSL 3's `openssl req -x509` marks its self-signed certificates CA:TRUE.
  const selfSignedCa = buildCertificate({ commonName: 'self.example.com', dnsNames: ['self.example.com'], ca: true });
  const selfSignedLeaf = buildCertificate({ commonName: 'plain.example.com', dnsNames: ['plain.example.com'] });
  it.each([
    { desc: 'marked CA:TRUE (as OpenSSL 3 makes them)', cert: selfSignedCa, name: 'self.example.com' },
    { desc: 'without CA:TRUE', cert: selfSignedLeaf, name: 'plain.example.com' },
  ])('accepts a self-signed certificate $desc and says it is self-signed', ({ cert, name }) => {
    const result = validateUpload({ certPem: cert.certPem, keyPem: cert.keyPem });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ names: [name], selfSigned: true, warnings: [expect.stringMatching(/self-signed/)] });
  });

  const opensslCli = spawnSync('openssl', ['version']).status === 0;
  it.skipIf(!opensslCli)('accepts what `openssl req -x509 -newkey … -addext subjectAltName=…` makes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-openssl-'));
    try {
      for (const args of [
        ['-newkey', 'rsa:2048'],
        ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'],
      ]) {
        const made = spawnSync('openssl', ['req', '-x509', ...args, '-nodes', '-days', '30', '-subj', '/CN=app.example.com', '-addext', 'subjectAltName=DNS:app.example.com,DNS:www.example.com', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')]);
        expect(made.status, made.stderr.toString()).toBe(0);
        const result = validateUpload({ certPem: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8'), keyPem: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8') });
        expect(result.ok, JSON.stringify(result)).toBe(true);
        if (result.ok) expect(result.value).toMatchObject({ names: ['app.example.com', 'www.example.com'], selfSigned: true });
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
