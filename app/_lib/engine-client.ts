// The dashboard's handle on the engine: the shared typed client (core/contract/engine-client.ts)
// bound to this process's data directory.
import { createEngineClient, type EngineClient } from '@/core/contract/engine-client.ts';
import { dashboardEnv } from './env.ts';

let client: EngineClient | null = null;

/** False on a dashboard-only instance (PORTICO_ROLE=dashboard): no engine runs beside this dashboard. */
export function engineOnThisInstance(): boolean {
  return dashboardEnv().PORTICO_ROLE !== 'dashboard';
}

export function engine(): EngineClient {
  client ??= createEngineClient(dashboardEnv().dataDir);
  return client;
}
