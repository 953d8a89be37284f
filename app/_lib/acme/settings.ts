// ACME settings from the environment, validated once. PORTICO_ACME_DIRECTORY_URL and
// PORTICO_ACME_CA_FILE are the public ones (ARCHITECTURE.md); the two preflight
// variables exist for setups where the CA reaches Portico differently than by port 80
// and the public DNS (port forwarding, a test CA with its own DNS).
import fs from 'node:fs';
import { z } from 'zod';
import { dashboardEnv } from '../env.ts';

const AcmeEnv = z.object({
  PORTICO_ACME_DIRECTORY_URL: z.string().url().default('https://acme-v02.api.letsencrypt.org/directory'),
  PORTICO_ACME_CA_FILE: z.string().optional(),
  /** The port the CA connects to for HTTP-01 (always 80 for public CAs); the preflight probes it. */
  PORTICO_ACME_HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(80),
  /** DNS servers ("host:port", comma-separated) the preflight resolves names with; default: the system's. */
  PORTICO_ACME_DNS_SERVERS: z.string().default(''),
  /** How often the renewal scheduler looks for due certificates. */
  PORTICO_ACME_RENEW_CHECK_MS: z.coerce.number().int().min(1000).default(60_000),
});

export interface AcmeSettings {
  directoryUrl: string;
  caFile: string | null;
  /** Extra CA certificates (PEM) trusted for the ACME server, besides the system roots. */
  extraCa: string | null;
  validationPort: number;
  /** PORTICO_ACME_HTTP_PORT was set explicitly (someone said where the CA reaches Portico). */
  validationPortSet: boolean;
  dnsServers: string[];
  renewCheckMs: number;
  dataDir: string;
}

let cached: AcmeSettings | null = null;

export function acmeSettings(): AcmeSettings {
  if (cached) return cached;
  const parsed = AcmeEnv.safeParse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    throw new Error(`invalid environment:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  const env = parsed.data;
  cached = {
    directoryUrl: env.PORTICO_ACME_DIRECTORY_URL,
    caFile: env.PORTICO_ACME_CA_FILE ?? null,
    extraCa: env.PORTICO_ACME_CA_FILE ? fs.readFileSync(env.PORTICO_ACME_CA_FILE, 'utf8') : null,
    validationPort: env.PORTICO_ACME_HTTP_PORT,
    validationPortSet: Boolean(process.env.PORTICO_ACME_HTTP_PORT),
    dnsServers: env.PORTICO_ACME_DNS_SERVERS.split(',').map((s) => s.trim()).filter(Boolean),
    renewCheckMs: env.PORTICO_ACME_RENEW_CHECK_MS,
    dataDir: dashboardEnv().dataDir,
  };
  return cached;
}
