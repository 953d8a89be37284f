// Live state of a pool's servers for the dashboard's pool editor (GET /pools/:id/health).
import type { ServerStateRegistry } from '../balancer/server-state.ts';
import type { Runtime } from '../runtime/types.ts';

export function poolHealth(runtime: Runtime, registry: ServerStateRegistry, poolId: string, now = Date.now()) {
  const pool = runtime.pools.find((p) => p.config.id === poolId)?.config;
  if (!pool) return null;
  return {
    poolId,
    name: pool.name,
    servers: pool.servers.map((server) => {
      const state = registry.find(`${poolId}|${server.address}`);
      const failedRecently = state !== undefined && server.maxFails > 0 && state.fails >= server.maxFails && now - state.accessedAt < server.failTimeoutMs;
      const status = server.down
        ? 'down'
        : state?.health === 'unhealthy'
          ? 'unhealthy'
          : failedRecently
            ? 'failed'
            : state?.health === 'healthy'
              ? 'healthy'
              : 'unknown';
      return {
        address: server.address,
        status,
        healthy: status === 'healthy' || status === 'unknown',
        inFlight: state?.inFlight ?? 0,
        requests: state?.requests ?? 0,
        failures: state?.failures ?? 0,
        fails: state?.fails ?? 0,
        lastLatencyMs: state?.lastLatencyMs ?? null,
        lastCheck: state?.lastCheckAt
          ? { at: new Date(state.lastCheckAt).toISOString(), status: state.lastCheckStatus, error: state.lastCheckError, latencyMs: state.lastCheckLatencyMs }
          : null,
      };
    }),
  };
}
