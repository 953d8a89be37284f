// Request bodies of /api/v1/certificates, documented for the OpenAPI document.
import { z } from 'zod';
import { normaliseServerName } from '@/core/config/host.ts';

export const CertificateDomain = z
  .string()
  .min(1)
  .max(253)
  .transform((value, ctx) => {
    const raw = value.trim().toLowerCase();
    // A wildcard is "*." and one whole label's worth of names (RFC 8555 §7.1.3): "*.example.com".
    const wildcard = raw.startsWith('*.');
    const name = normaliseServerName(wildcard ? raw.slice(2) : raw);
    if (name === null || name.startsWith('~') || name.includes('*') || name.startsWith('.') || /^[\d.]+$|^\[/.test(name) || !name.includes('.')) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a fully qualified DNS name such as "app.example.com", or a wildcard such as "*.example.com" (IDN allowed; no IP address, inner wildcard or regex)',
      });
      return z.NEVER;
    }
    return wildcard ? `*.${name}` : name;
  })
  .describe('A DNS name the certificate covers; "*.example.com" with the dns-01 challenge.');

export const CertificateOrderInput = z
  .object({
    domains: z
      .array(CertificateDomain)
      .min(1)
      .max(100)
      .superRefine((names, ctx) => {
        names.forEach((name, i) => {
          if (names.indexOf(name) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `duplicate name "${name}"` });
        });
      })
      .describe('Names the certificate covers (the first one is the common name).'),
    email: z.string().trim().toLowerCase().email().max(254).optional().describe('Contact address registered with the CA (expiry and policy notices); default: the ACME account\'s, else yours.'),
    directoryUrl: z
      .string()
      .url()
      .refine((u) => u.startsWith('https://'), 'must be an https:// ACME directory URL')
      .optional()
      .describe('ACME directory (default PORTICO_ACME_DIRECTORY_URL, Let\'s Encrypt production). Ordering accepts the CA\'s terms of service.'),
    hostId: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe(
        'A host the certificate is for (at least one of its names must be among the domains). When the certificate is valid, the host gets the https entrypoint, in the same transaction, ' +
          'audited as a host update. If the order fails the host is unchanged; if the host is deleted meanwhile the certificate is still stored.',
      ),
    redirectHttps: z.boolean().optional().describe('With hostId: also redirect the host\'s plain HTTP requests to HTTPS (tls.forceHttps) when the certificate is valid.'),
    challenge: z
      .enum(['http-01', 'dns-01'])
      .default('http-01')
      .describe('How the CA checks the names are yours: http-01 (a token served on port 80) or dns-01 (a TXT record written through dnsProviderId; wildcards, and machines without a public port 80). Renewals use the same.'),
    dnsProviderId: z.string().min(1).max(64).optional().describe('With dns-01: the DNS provider (POST /api/v1/dns-providers) that writes the _acme-challenge TXT records.'),
  })
  .strict()
  .refine((o) => o.redirectHttps === undefined || o.hostId !== undefined, { message: 'redirectHttps needs a hostId', path: ['redirectHttps'] })
  .superRefine((o, ctx) => {
    if (o.challenge === 'dns-01' && !o.dnsProviderId) ctx.addIssue({ code: 'custom', path: ['dnsProviderId'], message: 'the dns-01 challenge needs a DNS provider: add one with POST /api/v1/dns-providers and give its id' });
    if (o.challenge === 'http-01' && o.dnsProviderId) ctx.addIssue({ code: 'custom', path: ['challenge'], message: 'a dnsProviderId is used by the dns-01 challenge only: set challenge to "dns-01"' });
    if (o.challenge === 'http-01') {
      o.domains.forEach((name, i) => {
        if (name.startsWith('*.')) ctx.addIssue({ code: 'custom', path: ['domains', i], message: `the wildcard ${name} can only be validated through DNS: set challenge to "dns-01" with a dnsProviderId` });
      });
    }
  })
  .describe('Starts an ACME order (HTTP-01 by default, or DNS-01 through a DNS provider). An order for the same names as a failed (or interrupted) one retries that certificate instead of adding another.');

export const CertificateUploadInput = z
  .object({
    certPem: z.string().min(1).max(65536).describe('The certificate (PEM), optionally followed by its intermediates.'),
    keyPem: z.string().min(1).max(16384).describe('Its unencrypted private key (PEM). Stored encrypted; never returned.'),
    chainPem: z.string().max(65536).optional().describe('Intermediate certificates (PEM), leaf-most first, if not appended to certPem.'),
  })
  .strict()
  .describe('Your own certificate and key.');

const REASONS = { unspecified: 0, keyCompromise: 1, affiliationChanged: 3, superseded: 4, cessationOfOperation: 5 } as const;

export const CertificateRevokeInput = z
  .object({
    reason: z.enum(Object.keys(REASONS) as [keyof typeof REASONS, ...(keyof typeof REASONS)[]]).default('unspecified').describe('RFC 5280 revocation reason.'),
  })
  .strict()
  .describe('Revokes an issued certificate with its CA.');

export function reasonCode(reason: keyof typeof REASONS): number {
  return REASONS[reason];
}
