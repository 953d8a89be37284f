// OCSP (RFC 6960) in the two directions stapling needs: the request for one certificate
// (a SHA-1 CertID, as every responder supports), and the status and validity window of a
// response. The signature is not checked here: the client that receives the staple
// verifies it, and an invalid staple is no worse than none.
import { createHash, type X509Certificate } from 'node:crypto';
import { children, contents, NULL, octets, oid, read, readTime, seq, tlv, type Tlv } from '../../core/tls/der.ts';
import { certificateFields } from '../../core/tls/x509-fields.ts';

export interface OcspStatus {
  status: 'good' | 'revoked' | 'unknown';
  thisUpdate: Date;
  nextUpdate: Date | null;
}

export function ocspRequest(leaf: X509Certificate, issuer: X509Certificate): { der: Buffer; serial: Buffer } {
  const fields = certificateFields(leaf.raw);
  const issuerFields = certificateFields(issuer.raw);
  const sha1 = (data: Buffer) => createHash('sha1').update(data).digest();
  const certId = seq(
    seq(oid('1.3.14.3.2.26'), NULL),
    octets(sha1(fields.issuerName)),
    octets(sha1(issuerFields.publicKeyBits)),
    tlv(0x02, fields.serial),
  );
  return { der: seq(seq(seq(seq(certId)))), serial: fields.serial };
}

const STATUS_ERRORS: Record<number, string> = {
  1: 'malformed request',
  2: 'internal error',
  3: 'try later',
  5: 'signature required',
  6: 'unauthorized',
};

/** Parses a response and returns the status of the certificate with `serial`. */
export function parseOcspResponse(der: Buffer, serial: Buffer): OcspStatus {
  const outer = read(der);
  const [statusTag, bytesWrapper] = children(der, outer);
  const responseStatus = statusTag ? contents(der, statusTag)[0]! : -1;
  if (responseStatus !== 0) throw new Error(`OCSP responder answered: ${STATUS_ERRORS[responseStatus] ?? `status ${responseStatus}`}`);
  if (!bytesWrapper) throw new Error('OCSP response without a body');
  const responseBytes = children(der, bytesWrapper)[0]!;
  const [, octet] = children(der, responseBytes);
  const basic = contents(der, octet!);
  const tbs = children(basic, read(basic))[0]!;
  const fields = children(basic, tbs);
  const responses = fields.find((f, i) => f.tag === 0x30 && i > 0 && fields[i - 1]!.tag === 0x18);
  if (!responses) throw new Error('OCSP response without certificate statuses');
  for (const single of children(basic, responses)) {
    const parts = children(basic, single);
    const certId = children(basic, parts[0]!);
    if (!contents(basic, certId[3]!).equals(serial)) continue;
    const statusTlv: Tlv = parts[1]!;
    const status = statusTlv.tag === 0x80 ? 'good' : statusTlv.tag === 0xa1 ? 'revoked' : 'unknown';
    const thisUpdate = readTime(basic, parts[2]!);
    const next = parts.slice(3).find((p) => p.tag === 0xa0);
    const nextUpdate = next ? readTime(basic, children(basic, next)[0]!) : null;
    return { status, thisUpdate, nextUpdate };
  }
  throw new Error('the OCSP response does not cover this certificate');
}
