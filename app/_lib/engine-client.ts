// The dashboard's handle on the engine: the shared typed client (core/contract/engine-client.ts)
// bound to this process's data directory.
import { createEngineClient, type EngineClient } from '@/core/contract/engine-client.ts';
import { dashboardEnv } from './env.ts';

let client: EngineClient | null = null;

export function engine(): EngineClient {
  client ??= createEngineClient(dashboardEnv().dataDir);
  return client;
}
