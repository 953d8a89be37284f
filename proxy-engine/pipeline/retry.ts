// proxy_next_upstream: whether a failed try goes to the next server, as nginx decides.
import type { Policies } from '../../core/config/policies.ts';
import type { UpstreamFailure } from '../http/upstream-errors.ts';

export interface RetryState {
  retry: Policies['retry'];
  nonIdempotent: boolean;
  /** The request body can be sent again (none, or read whole). */
  replayable: boolean;
  tries: number;
  poolSize: number;
  elapsedMs: number;
  headersSent: boolean;
}

/** nginx's default is "error timeout". */
const DEFAULT_ON = ['error', 'timeout'] as const;

export function retryDecision(outcome: { failure: UpstreamFailure; httpStatus?: number }, state: RetryState): boolean {
  if (state.headersSent) return false;
  const on: readonly string[] = state.retry?.on ?? DEFAULT_ON;
  const condition = outcome.httpStatus !== undefined ? `http_${outcome.httpStatus}` : outcome.failure.kind;
  if (!on.includes(condition)) return false;
  // A request that may have reached the upstream is not repeated unless allowed (POST, LOCK, PATCH).
  if (state.nonIdempotent && outcome.failure.maybeSent && !on.includes('non_idempotent')) return false;
  if (!state.replayable && outcome.failure.maybeSent) return false;
  const maxTries = state.retry?.tries ?? 0;
  if (maxTries > 0 && state.tries >= maxTries) return false;
  if (state.tries >= state.poolSize) return false;
  const budget = state.retry?.timeoutMs ?? 0;
  if (budget > 0 && state.elapsedMs >= budget) return false;
  return true;
}
