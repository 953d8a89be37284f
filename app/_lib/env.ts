// The dashboard's environment, validated with zod (ARCHITECTURE.md lists the variables).
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const DashboardEnv = z.object({
  PORTICO_DATA_DIR: z.string().min(1).default('./data'),
  PORTICO_DASHBOARD_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PORTICO_DASHBOARD_HOST: z.string().min(1).default('127.0.0.1'),
  /** Extra Host names the dashboard answers to (comma-separated), e.g. when proxied under a domain. */
  PORTICO_DASHBOARD_ALLOWED_HOSTS: z.string().default(''),
  PORTICO_ADMIN_EMAIL: z.string().email().optional(),
  PORTICO_ADMIN_PASSWORD: z.string().min(1).optional(),
  PORTICO_ACME_DIRECTORY_URL: z.string().url().default('https://acme-v02.api.letsencrypt.org/directory'),
  PORTICO_ACME_CA_FILE: z.string().optional(),
});

export type DashboardEnv = z.output<typeof DashboardEnv> & { dataDir: string; allowedHosts: Set<string> };

let cached: DashboardEnv | null = null;

export function dashboardEnv(): DashboardEnv {
  if (cached) return cached;
  // An empty variable means unset.
  const parsed = DashboardEnv.safeParse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid environment:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const allowedHosts = new Set(
    ['localhost', '127.0.0.1', '[::1]', os.hostname().toLowerCase(), env.PORTICO_DASHBOARD_HOST.toLowerCase(), ...env.PORTICO_DASHBOARD_ALLOWED_HOSTS.split(',')]
      .map((h) => h.trim())
      .filter(Boolean),
  );
  cached = { ...env, dataDir: path.resolve(env.PORTICO_DATA_DIR), allowedHosts };
  return cached;
}
