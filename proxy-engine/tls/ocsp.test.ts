import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildCertificate } from '../../core/tls/certificate-builder.ts';
import { bitString, children, contents, explicit, NULL, octets, oid, read, seq, time, tlv } from '../../core/tls/der.ts';
import { ocspRequest, parseOcspResponse } from './ocsp.ts';
import { OcspStapler } from './ocsp-stapler.ts';
import { buildEntry } from './certificate-entry.ts';
import { ariCertificateId, authorityKeyId, certificateFields } from '../../core/tls/x509-fields.ts';

const ca = buildCertificate({ commonName: 'OCSP Test CA', ca: true });
const leaf = buildCertificate({ commonName: 'ocsp.test', dnsNames: ['ocsp.test'], issuer: { commonName: 'OCSP Test CA', key: ca.key } });
const leafCert = new X509Certificate(leaf.certPem);
const caCert = new X509Certificate(ca.certPem);

/** A BasicOCSPResponse as a responder would send it (signature not checked by the parser). */
function response(serial: Buffer, status: 'good' | 'revoked', thisUpdate: Date, nextUpdate: Date | null): Buffer {
  const certId = seq(seq(oid('1.3.14.3.2.26'), NULL), octets(Buffer.alloc(20)), octets(Buffer.alloc(20)), tlv(0x02, serial));
  const certStatus = status === 'good' ? Buffer.from([0x80, 0x00]) : tlv(0xa1, time(thisUpdate));
  const single = seq(certId, certStatus, tlv(0x18, Buffer.from(`${thisUpdate.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`)), ...(nextUpdate ? [explicit(0, tlv(0x18, Buffer.from(`${nextUpdate.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`)))] : []));
  const tbs = seq(tlv(0xa2, octets(Buffer.alloc(20))), tlv(0x18, Buffer.from('20260101000000Z')), seq(single));
  const basic = seq(tbs, seq(oid('1.2.840.10045.4.3.2')), bitString(Buffer.alloc(8)));
  return seq(tlv(0x0a, Buffer.from([0])), explicit(0, seq(oid('1.3.6.1.5.5.7.48.1.1'), octets(basic))));
}

describe('OCSP', () => {
  it('builds a CertID from the issuer name and key and the serial', () => {
    const { der, serial } = ocspRequest(leafCert, caCert);
    const outer = read(der);
    const certId = children(der, children(der, children(der, children(der, outer)[0]!)[0]!)[0]!)[0]!;
    const [, nameHash, keyHash, serialTlv] = children(der, certId);
    expect(contents(der, nameHash!).length).toBe(20);
    expect(contents(der, keyHash!).length).toBe(20);
    expect(contents(der, serialTlv!)).toEqual(serial);
    expect(serial.toString('hex').toUpperCase().replace(/^0+/, '')).toBe(leafCert.serialNumber.replace(/^0+/, ''));
  });

  it('reads status and validity window of the matching certificate', () => {
    const { serial } = ocspRequest(leafCert, caCert);
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    const next = new Date(now.getTime() + 4 * 86400_000);
    expect(parseOcspResponse(response(serial, 'good', now, next), serial)).toEqual({ status: 'good', thisUpdate: now, nextUpdate: next });
    expect(parseOcspResponse(response(serial, 'revoked', now, null), serial).status).toBe('revoked');
    expect(() => parseOcspResponse(response(Buffer.from([1, 2, 3]), 'good', now, next), serial)).toThrow('does not cover this certificate');
    expect(() => parseOcspResponse(seq(tlv(0x0a, Buffer.from([3]))), serial)).toThrow('try later');
  });

  it('staples only good, fresh responses and never waits for the responder', async () => {
    const aia = buildEntry({ id: 'a', certPem: leaf.certPem + ca.certPem, keyPem: leaf.keyPem, domains: [] });
    const entry = { ...aia, ocspUrl: 'http://ocsp.invalid/' };
    const { serial } = ocspRequest(leafCert, caCert);
    let answer: 'good' | 'revoked' = 'revoked';
    const stapler = new OcspStapler({ fetcher: async () => response(serial, answer, new Date(), new Date(Date.now() + 3600_000)), retryMs: 10 });
    stapler.track([entry]);
    await stapler.settled();
    expect(stapler.responseFor(leafCert.raw)).toBeNull();
    expect(stapler.status()[0]!.lastError).toMatch(/revoked/);
    answer = 'good';
    await new Promise((r) => setTimeout(r, 100));
    expect(stapler.responseFor(leafCert.raw)).toBeInstanceOf(Buffer);
    stapler.track([]);
    expect(stapler.responseFor(leafCert.raw)).toBeNull();
    stapler.stop();
  });
});

describe('certificate fields', () => {
  it('finds the authority key identifier and the serial (for ACME renewal information)', () => {
    const fields = certificateFields(leafCert.raw);
    expect(authorityKeyId(fields)?.length).toBe(20);
    expect(fields.serial.length).toBeGreaterThan(0);
    expect(fields.issuerName).toEqual(certificateFields(caCert.raw).subjectName);
  });

  it('builds the ARI certificate ID as RFC 9773 shows it', () => {
    // The serial keeps its DER form (a leading 0x00 when the high bit is set), as RFC 9773 §4.1 asks.
    const id = ariCertificateId(leafCert.raw)!;
    const fields = certificateFields(leafCert.raw);
    expect(id).toBe(`${authorityKeyId(fields)!.toString('base64url')}.${fields.serial.toString('base64url')}`);
    expect(ariCertificateId(caCert.raw)).toMatch(/^[\w-]+\.[\w-]+$/);
  });
});
