// ACME Renewal Information (RFC 9773): the CA's suggested renewal window for a
// certificate (earlier than usual when it plans to revoke). Optional: a CA without a
// "renewalInfo" resource, or any failure here, falls back to two thirds of the lifetime.
import { X509Certificate } from 'node:crypto';
import * as acme from 'acme-client';
import { ariCertificateId } from '../tls/x509-fields.ts';
import type { RenewalWindow } from './renewal-policy.ts';

export async function renewalWindow(directoryUrl: string, certPem: string): Promise<RenewalWindow | null> {
  try {
    const certId = ariCertificateId(new X509Certificate(certPem).raw);
    if (!certId) return null;
    const directory = await acme.axios.get(directoryUrl);
    const base = (directory.data as { renewalInfo?: unknown })?.renewalInfo;
    if (typeof base !== 'string') return null;
    const res = await acme.axios.get(`${base.replace(/\/$/, '')}/${certId}`);
    const window = (res.data as { suggestedWindow?: { start?: string; end?: string } })?.suggestedWindow;
    if (res.status !== 200 || !window?.start || !window.end) return null;
    const start = new Date(window.start);
    const end = new Date(window.end);
    return Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) ? null : { start, end };
  } catch {
    return null;
  }
}
