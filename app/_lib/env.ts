// The dashboard's view of the environment (core/env.ts), read once per process.
import { dashboardAllowedHosts, readEnv, type PorticoEnv } from '../../core/env.ts';

export type DashboardEnv = PorticoEnv & { allowedHosts: Set<string> };

let cached: DashboardEnv | null = null;

export function dashboardEnv(): DashboardEnv {
  if (cached) return cached;
  const env = readEnv();
  cached = { ...env, allowedHosts: dashboardAllowedHosts(env) };
  return cached;
}
