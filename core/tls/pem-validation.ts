// Validates an uploaded certificate and key before anything stores or serves them, with
// errors that say what is wrong and how to fix it: unreadable PEM, encrypted or
// mismatched key, chain out of order, no DNS names, expired or not yet valid, weak key.
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { certificateNames } from './x509-fields.ts';
import { splitPem } from './x509-fields.ts';

export interface UploadInput {
  certPem: string;
  keyPem: string;
  chainPem?: string | undefined;
}

export interface UploadIssue {
  path: 'certPem' | 'keyPem' | 'chainPem';
  message: string;
}

export interface ValidUpload {
  leafPem: string;
  /** Intermediates in order, PEM, "" when none. */
  chainPem: string;
  /** The key re-encoded as unencrypted PKCS#8 PEM. */
  keyPem: string;
  names: string[];
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  /** Issued by itself (no CA vouches for it). */
  selfSigned: boolean;
  warnings: string[];
}

function parseCertificates(pem: string, path: UploadIssue['path'], issues: UploadIssue[]): X509Certificate[] {
  const blocks = splitPem(pem);
  if (blocks.length === 0 && pem.trim() !== '') issues.push({ path, message: 'no "-----BEGIN CERTIFICATE-----" block found; paste the PEM text of the certificate' });
  const out: X509Certificate[] = [];
  blocks.forEach((block, i) => {
    try {
      out.push(new X509Certificate(block));
    } catch {
      issues.push({ path, message: `certificate ${i + 1} in ${path} is not a readable X.509 certificate` });
    }
  });
  return out;
}

function parseKey(pem: string, issues: UploadIssue[]): KeyObject | null {
  if (/ENCRYPTED/.test(pem)) {
    issues.push({ path: 'keyPem', message: 'the private key is encrypted with a passphrase; upload it unencrypted (openssl pkey -in key.pem -out key-plain.pem)' });
    return null;
  }
  try {
    return createPrivateKey(pem);
  } catch {
    issues.push({ path: 'keyPem', message: 'not a readable private key; paste the PEM text starting with "-----BEGIN PRIVATE KEY-----" (or RSA/EC PRIVATE KEY)' });
    return null;
  }
}

function describe(cert: X509Certificate): string {
  return cert.subject.replace(/\n/g, ', ') || cert.serialNumber;
}

export function validateUpload(input: UploadInput, now = new Date()): { ok: true; value: ValidUpload } | { ok: false; issues: UploadIssue[] } {
  const issues: UploadIssue[] = [];
  const fromCert = parseCertificates(input.certPem, 'certPem', issues);
  const fromChain = input.chainPem ? parseCertificates(input.chainPem, 'chainPem', issues) : [];
  const key = parseKey(input.keyPem, issues);
  const all = [...fromCert, ...fromChain];
  if (issues.length > 0 || all.length === 0 || !key) {
    if (all.length === 0 && !issues.some((i) => i.path === 'certPem')) issues.push({ path: 'certPem', message: 'a certificate is required' });
    return { ok: false, issues };
  }
  const [leaf, ...chain] = all as [X509Certificate, ...X509Certificate[]];
  const warnings: string[] = [];

  // OpenSSL 3's `openssl req -x509` marks a self-signed certificate CA:TRUE: alone, that is
  // a server certificate, not a chain out of order.
  // (With the wrong key, the key is what to fix, not the order.)
  const selfSigned = isSelfSigned(leaf);
  const loneSelfSigned = selfSigned && chain.length === 0;
  if (leaf.ca && !loneSelfSigned) issues.push({ path: 'certPem', message: `the first certificate (${describe(leaf)}) is a CA certificate; put the server certificate first, then its intermediates` });
  if (!leaf.checkPrivateKey(key)) issues.push({ path: 'keyPem', message: 'the private key does not belong to the certificate (their public keys differ); upload the key generated with this certificate request' });
  if (key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    issues.push({ path: 'keyPem', message: 'RSA keys shorter than 2048 bits are refused by browsers; issue the certificate with a 2048-bit (or larger) or ECDSA key' });
  }
  for (let i = 0; i < chain.length; i++) {
    const child = i === 0 ? leaf : chain[i - 1]!;
    const parent = chain[i]!;
    if (!child.checkIssued(parent) || !child.verify(parent.publicKey)) {
      const reversed = parent.checkIssued(child);
      issues.push({
        path: fromCert.length > i + 1 ? 'certPem' : 'chainPem',
        message: reversed
          ? `the chain is in reverse order: certificate ${i + 2} (${describe(parent)}) was issued by certificate ${i + 1}; order it leaf first, then each issuer`
          : `certificate ${i + 2} (${describe(parent)}) did not issue certificate ${i + 1} (${describe(child)}); the chain must go leaf first, then each issuer in turn`,
      });
      break;
    }
  }
  const names = certificateNames(leaf);
  if (names.length === 0) {
    const cn = /(?:^|\n)CN=([^\n]+)/.exec(leaf.subject)?.[1] ?? 'app.example.com';
    issues.push({ path: 'certPem', message: `the certificate names no DNS names (subjectAltName); browsers ignore the common name, so it cannot serve any host (make it with -addext "subjectAltName=DNS:${cn}")` });
  }
  if (leaf.validToDate.getTime() <= now.getTime()) issues.push({ path: 'certPem', message: `the certificate expired on ${leaf.validToDate.toUTCString()}` });
  else if (leaf.validFromDate.getTime() > now.getTime() + 5 * 60_000) issues.push({ path: 'certPem', message: `the certificate is not valid before ${leaf.validFromDate.toUTCString()}` });
  chain.forEach((cert, i) => {
    if (cert.validToDate.getTime() <= now.getTime()) issues.push({ path: fromCert.length > i + 1 ? 'certPem' : 'chainPem', message: `intermediate certificate ${i + 2} (${describe(cert)}) expired on ${cert.validToDate.toUTCString()}` });
  });
  if (selfSigned) warnings.push('This certificate is self-signed: browsers and other clients warn about it (or refuse it) unless they are told to trust it. For a public site, issue one from a CA instead.');
  else if (chain.length === 0) warnings.push('No intermediate certificates were included: clients that do not already have them cannot build the chain. Append them after the certificate.');
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    value: {
      leafPem: leaf.toString(),
      chainPem: chain.map((c) => c.toString()).join(''),
      keyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
      names,
      issuer: leaf.issuer.replace(/\n/g, ', '),
      notBefore: leaf.validFromDate,
      notAfter: leaf.validToDate,
      selfSigned,
      warnings,
    },
  };
}

/**
 * Issued by itself: its issuer is its subject and its own key verifies its signature.
 * (Not checkIssued: OpenSSL's issuer check also wants keyCertSign, which a self-signed
 * server certificate without CA:TRUE does not have.)
 */
export function isSelfSigned(cert: X509Certificate): boolean {
  return cert.issuer === cert.subject && cert.verify(cert.publicKey);
}
