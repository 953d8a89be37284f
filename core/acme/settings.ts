// ACME settings from the environment (core/env.ts), read once. PORTICO_ACME_DIRECTORY_URL and
// PORTICO_ACME_CA_FILE are the public ones (ARCHITECTURE.md); the two preflight
// variables exist for setups where the CA reaches Portico differently than by port 80
// and the public DNS (port forwarding, a test CA with its own DNS).
import fs from 'node:fs';
import { readEnv } from '../env.ts';

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
  const env = readEnv();
  cached = {
    directoryUrl: env.PORTICO_ACME_DIRECTORY_URL,
    caFile: env.PORTICO_ACME_CA_FILE ?? null,
    extraCa: env.PORTICO_ACME_CA_FILE ? fs.readFileSync(env.PORTICO_ACME_CA_FILE, 'utf8') : null,
    validationPort: env.PORTICO_ACME_HTTP_PORT ?? 80,
    validationPortSet: env.PORTICO_ACME_HTTP_PORT !== undefined,
    dnsServers: env.PORTICO_ACME_DNS_SERVERS.split(',').map((s) => s.trim()).filter(Boolean),
    renewCheckMs: env.PORTICO_ACME_RENEW_CHECK_MS,
    dataDir: env.dataDir,
  };
  return cached;
}
