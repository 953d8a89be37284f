// Certificate fields that Node's X509Certificate does not expose as bytes: the issuer
// name (for OCSP's issuerNameHash), the subject public key bits (issuerKeyHash), the
// serial as encoded, and extension values (Authority Key Identifier, for ACME ARI).
import type { X509Certificate } from 'node:crypto';
import { children, contents, read, readOid, whole, type Tlv } from './der.ts';

export interface CertificateFields {
  /** INTEGER content bytes of the serial number, as encoded. */
  serial: Buffer;
  /** The issuer Name, whole DER element. */
  issuerName: Buffer;
  /** The subject Name, whole DER element. */
  subjectName: Buffer;
  /** subjectPublicKey BIT STRING content without the unused-bits byte. */
  publicKeyBits: Buffer;
  /** Extension OID → extnValue content (the inner DER). */
  extensions: Map<string, Buffer>;
}

export function certificateFields(der: Buffer): CertificateFields {
  const cert = read(der);
  const [tbs] = children(der, cert);
  if (!tbs) throw new Error('not a certificate');
  const fields = children(der, tbs);
  // The version is an optional [0] before the serial.
  const base = fields[0]?.tag === 0xa0 ? 1 : 0;
  const [serial, , issuer, , subject, spki] = fields.slice(base);
  if (!serial || !issuer || !subject || !spki) throw new Error('not a certificate');
  const keyBits = children(der, spki)[1]!;
  const extensions = new Map<string, Buffer>();
  const extWrapper = fields.find((f) => f.tag === 0xa3);
  if (extWrapper) {
    const list = children(der, extWrapper)[0]!;
    for (const ext of children(der, list)) {
      const parts = children(der, ext);
      const value = parts[parts.length - 1]!;
      extensions.set(readOid(der, parts[0]!), contents(der, value));
    }
  }
  return {
    serial: contents(der, serial),
    issuerName: whole(der, issuer),
    subjectName: whole(der, subject),
    publicKeyBits: contents(der, keyBits).subarray(1),
    extensions,
  };
}

/** The keyIdentifier of the Authority Key Identifier extension, or null. */
export function authorityKeyId(fields: CertificateFields): Buffer | null {
  const value = fields.extensions.get('2.5.29.35');
  if (!value) return null;
  const seq: Tlv = read(value);
  const keyId = children(value, seq).find((c) => c.tag === 0x80);
  return keyId ? contents(value, keyId) : null;
}

/** The ACME Renewal Information certificate ID (RFC 9773 §4.1): base64url(AKI keyIdentifier) "." base64url(serial). */
export function ariCertificateId(der: Buffer): string | null {
  const fields = certificateFields(der);
  const aki = authorityKeyId(fields);
  return aki ? `${aki.toString('base64url')}.${fields.serial.toString('base64url')}` : null;
}

/** Splits a PEM bundle into its certificates, in order. */
export function splitPem(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)?.map((block) => `${block}\n`) ?? [];
}

/** The certificate's DNS names (subjectAltName), lower case, without a trailing dot. */
export function certificateNames(cert: X509Certificate): string[] {
  const names = (cert.subjectAltName ?? '')
    .split(/,\s*/)
    .filter((n) => n.startsWith('DNS:'))
    .map((n) => n.slice(4).toLowerCase().replace(/\.$/, ''));
  return [...new Set(names)];
}

export function ocspUrlOf(cert: X509Certificate): string | null {
  const match = /OCSP - URI:(\S+)/.exec(cert.infoAccess ?? '');
  return match?.[1] ?? null;
}
