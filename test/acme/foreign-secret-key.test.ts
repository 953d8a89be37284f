// Several instances on one database must share secret.key (docs/running-several-instances.md):
// a certificate whose key was sealed under another instance's key is reported on that
// certificate, saying so, while the engine keeps serving every other certificate.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCertificate } from '../../core/tls/certificate-builder.ts';
import { createSecretBox, MISMATCH } from '../../core/tls/secret-box.ts';
import { startTlsEngine, type TlsEngine } from './tls-engine.ts';
import { servedCertificate } from './served-certificate.ts';

let t: TlsEngine;

beforeAll(async () => {
  t = await startTlsEngine();
});
afterAll(() => t?.stop());

describe('a key sealed under another secret.key', () => {
  it('is reported on its certificate; the other certificates are served', async () => {
    const ownId = await t.addCertificate(['own.example.test']);
    const foreign = buildCertificate({ commonName: 'foreign.example.test', dnsNames: ['foreign.example.test'], issuer: { commonName: 'Portico Test CA', key: t.ca.key } });
    const row = await t.db.certificate.create({
      data: { domains: ['foreign.example.test'], status: 'VALID', source: 'UPLOAD', certPem: foreign.certPem, chainPem: t.ca.certPem, keyPem: createSecretBox(randomBytes(32)).seal(foreign.keyPem), progress: [] },
    });
    await t.setHosts([
      { serverNames: ['own.example.test'], entrypoints: ['https'], tls: { certificateId: ownId }, locations: [{ path: '/', action: { kind: 'proxy', address: '127.0.0.1:1' } }] },
      { serverNames: ['foreign.example.test'], entrypoints: ['https'], locations: [{ path: '/', action: { kind: 'proxy', address: '127.0.0.1:1' } }] },
    ]);
    await t.apply();
    const errors = t.engine.applier.current().errors;
    expect(errors.filter((e) => e.objectType === 'certificate')).toEqual([{ objectType: 'certificate', objectId: row.id, name: 'foreign.example.test', path: '', message: MISMATCH }]);
    expect((await servedCertificate(t.ports.https, 'own.example.test', t.ca.certPem)).authorized).toBe(true);
    expect((await servedCertificate(t.ports.https, 'foreign.example.test', t.ca.certPem)).san).not.toContain('foreign.example.test');
  });
});
