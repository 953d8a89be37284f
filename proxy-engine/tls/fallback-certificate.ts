// The self-signed certificate the HTTPS entrypoint answers with when no configured
// certificate fits (no SNI, an unknown name, nothing issued yet): the entrypoint always
// completes a handshake, so clients get an HTTP answer (or a certificate warning)
// instead of a reset. Generated once into the data directory and renewed when it nears
// expiry.
import fs from 'node:fs';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { buildCertificate } from '../../core/tls/certificate-builder.ts';
import { buildEntry, type CertificateEntry } from './certificate-entry.ts';

const RENEW_BEFORE_MS = 30 * 86400_000;
export const FALLBACK_NAME = 'portico-default.invalid';

export function fallbackPaths(dataDir: string): { cert: string; key: string } {
  const dir = path.join(dataDir, 'tls');
  return { cert: path.join(dir, 'fallback-cert.pem'), key: path.join(dir, 'fallback-key.pem') };
}

function readUsable(paths: { cert: string; key: string }): { certPem: string; keyPem: string } | null {
  try {
    const certPem = fs.readFileSync(paths.cert, 'utf8');
    const keyPem = fs.readFileSync(paths.key, 'utf8');
    if (new X509Certificate(certPem).validToDate.getTime() - Date.now() < RENEW_BEFORE_MS) return null;
    return { certPem, keyPem };
  } catch {
    return null;
  }
}

export function ensureFallbackCertificate(dataDir: string): CertificateEntry {
  const paths = fallbackPaths(dataDir);
  let pair = readUsable(paths);
  if (!pair) {
    const built = buildCertificate({ commonName: 'Portico default certificate', dnsNames: [FALLBACK_NAME], notAfter: new Date(Date.now() + 825 * 86400_000) });
    fs.mkdirSync(path.dirname(paths.cert), { recursive: true, mode: 0o700 });
    fs.writeFileSync(paths.key, built.keyPem, { mode: 0o600 });
    fs.writeFileSync(paths.cert, built.certPem, { mode: 0o644 });
    pair = { certPem: built.certPem, keyPem: built.keyPem };
  }
  return buildEntry({ id: 'fallback', certPem: pair.certPem, keyPem: pair.keyPem, domains: [FALLBACK_NAME] });
}
