// Builds X.509 v3 certificates with ECDSA P-256 keys and nothing but node:crypto: the
// engine's self-signed fallback, and test chains (CA → leaf) without spawning openssl.
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { bitString, bool, explicit, octets, oid, seq, set, time, tlv, unsignedInt, utf8 } from './der.ts';

const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));

export interface CertificateSpec {
  commonName: string;
  dnsNames?: string[];
  notBefore?: Date;
  notAfter?: Date;
  /** A CA certificate (basicConstraints cA, keyCertSign). */
  ca?: boolean;
  /** Signs with this issuer; omitted = self-signed. */
  issuer?: { commonName: string; key: KeyObject };
  /** The subject's key pair; generated when omitted. */
  keys?: { publicKey: KeyObject; privateKey: KeyObject };
}

export interface BuiltCertificate {
  certPem: string;
  keyPem: string;
  key: KeyObject;
}

function name(commonName: string): Buffer {
  return seq(set(seq(oid('2.5.4.3'), utf8(commonName))));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? seq(oid(id), bool(true), octets(value)) : seq(oid(id), octets(value));
}

function pem(label: string, der: Buffer): string {
  const body = der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

export function buildCertificate(spec: CertificateSpec): BuiltCertificate {
  const keys = spec.keys ?? generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = keys.publicKey.export({ type: 'spki', format: 'der' });
  const notBefore = spec.notBefore ?? new Date(Date.now() - 60_000);
  const notAfter = spec.notAfter ?? new Date(notBefore.getTime() + 365 * 86400_000);
  const skid = createHash('sha1').update(spki).digest();
  const extensions = [
    extension('2.5.29.19', true, spec.ca ? seq(bool(true)) : seq()),
    // digitalSignature for leaves; keyCertSign + cRLSign for CAs.
    extension('2.5.29.15', true, spec.ca ? tlv(0x03, Buffer.from([1, 0x06])) : tlv(0x03, Buffer.from([7, 0x80]))),
    extension('2.5.29.14', false, octets(skid)),
  ];
  const issuerSpki = spec.issuer ? createPublicKey(spec.issuer.key).export({ type: 'spki', format: 'der' }) : spki;
  extensions.push(extension('2.5.29.35', false, seq(tlv(0x80, createHash('sha1').update(issuerSpki).digest()))));
  if (spec.dnsNames?.length) {
    extensions.push(extension('2.5.29.17', false, seq(...spec.dnsNames.map((n) => tlv(0x82, Buffer.from(n, 'ascii'))))));
  }
  if (!spec.ca) extensions.push(extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'))));
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  const tbs = seq(
    explicit(0, unsignedInt(Buffer.from([2]))),
    unsignedInt(serial),
    ECDSA_SHA256,
    name(spec.issuer?.commonName ?? spec.commonName),
    seq(time(notBefore), time(notAfter)),
    name(spec.commonName),
    spki,
    explicit(3, seq(...extensions)),
  );
  const signature = sign('sha256', tbs, spec.issuer?.key ?? keys.privateKey);
  const der = seq(tbs, ECDSA_SHA256, bitString(signature));
  return {
    certPem: pem('CERTIFICATE', der),
    keyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    key: keys.privateKey,
  };
}
