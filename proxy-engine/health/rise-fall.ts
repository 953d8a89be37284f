// How check results become a verdict: `fall` consecutive failures mark a server
// unhealthy, `rise` consecutive passes mark it healthy (nginx's health_check fails= and
// passes=). A server with no verdict yet takes traffic, as NGINX Plus does without
// `mandatory`, so starting the checker never blacks out a pool.
import type { ServerState, ServerStateRegistry } from '../balancer/server-state.ts';
import type { ProbeResult } from './http-probe.ts';

export function applyCheckResult(
  registry: ServerStateRegistry,
  state: ServerState,
  result: ProbeResult,
  thresholds: { rise: number; fall: number },
  now: number,
): void {
  state.lastCheckAt = now;
  state.lastCheckStatus = result.status;
  state.lastCheckError = result.error;
  state.lastCheckLatencyMs = result.latencyMs;
  if (result.ok) {
    state.consecutiveOk++;
    state.consecutiveFailed = 0;
    if (state.health !== 'healthy' && state.consecutiveOk >= thresholds.rise) {
      registry.transition(state, 'active', 'healthy', `${state.consecutiveOk} passed checks`, now);
    }
    return;
  }
  state.consecutiveFailed++;
  state.consecutiveOk = 0;
  if (state.health !== 'unhealthy' && state.consecutiveFailed >= thresholds.fall) {
    registry.transition(state, 'active', 'unhealthy', result.error, now);
  }
}

/** Drops a verdict when its pool stops checking, so an old "unhealthy" cannot keep a server out forever. */
export function clearVerdict(registry: ServerStateRegistry, state: ServerState, reason: string, now: number): void {
  state.consecutiveOk = 0;
  state.consecutiveFailed = 0;
  registry.transition(state, 'active', 'unknown', reason, now);
}
