// What a TLS client that trusts the test CA sees when it asks Portico's HTTPS entrypoint
// for a name: whether the chain verifies, the certificate's names and fingerprint.
//
// Under `npm run test:at-date` this process's clock is moved (libfaketime), but pebble, a Go
// program, reads the clock without the C library and keeps the real time: the certificates it
// issues start now, in real time, which a client a year back calls "not yet valid". So when
// the only complaint is the validity period, the chain is checked link by link and the
// validity against the CA's (real) clock instead, and everything else is verified as usual.
import tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { clockShiftMs } from '../../scripts/lib/shifted-clock.ts';

export interface ServedCertificate {
  authorized: boolean;
  error: Error | null;
  fingerprint: string;
  san: string;
  /** The leaf's serial number (hex, as X509Certificate.serialNumber). */
  serial: string;
}

const PERIOD_ERRORS = new Set(['CERT_NOT_YET_VALID', 'CERT_HAS_EXPIRED']);

export function servedCertificate(port: number, name: string, ca: string | Buffer): Promise<ServedCertificate> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, servername: name, ca, rejectUnauthorized: false }, () => {
      const cert = socket.getPeerX509Certificate()!;
      const error = socket.authorizationError ? (socket.authorizationError as Error & { code?: string }) : null;
      let authorized = socket.authorized;
      if (!authorized && error && PERIOD_ERRORS.has(error.code ?? String(error)) && clockShiftMs() !== 0) {
        authorized = verifiesAtCaTime(cert, ca);
      }
      resolve({ authorized, error: authorized ? null : error, fingerprint: cert.fingerprint256, san: cert.subjectAltName ?? '', serial: cert.serialNumber });
      socket.destroy();
    });
    socket.once('error', reject);
  });
}

/** The chain signs up to `ca`, and each certificate is within its validity at the real time. */
function verifiesAtCaTime(leaf: X509Certificate, ca: string | Buffer): boolean {
  const shift = clockShiftMs();
  if (shift === null) return false;
  const realNow = Date.now() - shift;
  const root = new X509Certificate(ca);
  const seen = new Set<string>();
  for (let current: X509Certificate | undefined = leaf; current && !seen.has(current.fingerprint256); current = current.issuerCertificate) {
    seen.add(current.fingerprint256);
    if (realNow < current.validFromDate.getTime() || realNow > current.validToDate.getTime()) return false;
    if (current.checkIssued(root) && current.verify(root.publicKey)) return true;
    const issuer = current.issuerCertificate;
    if (!issuer || !current.checkIssued(issuer) || !current.verify(issuer.publicKey)) return false;
  }
  return false;
}
