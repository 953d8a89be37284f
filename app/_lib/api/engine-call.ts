// API routes that need the engine say truthfully why they could not have its answer: it is
// not running (503), it did not answer in time (504), the connection broke, or it answered
// with an error of its own (its status class and message). Only the first is "not running":
// an engine that answered 500 is running, and saying otherwise sends people restarting the
// wrong thing.
import { engine, engineOnThisInstance } from '../engine-client.ts';
import { ApiError } from './errors.ts';

export interface EngineCallPurpose {
  /** What cannot happen without the engine, said when it is not running ("its logs cannot be searched"). */
  consequence: string;
  /** The action, for the other failures ("search its logs"). */
  action: string;
}

/**
 * The engine's answer to a call that succeeded (2xx, or a status in `accept` the route
 * handles itself); anything else throws the ApiError that says what happened.
 */
export async function callEngine(
  method: string,
  pathname: string,
  purpose: EngineCallPurpose,
  init: { body?: unknown; timeoutMs?: number; signal?: AbortSignal; headers?: Record<string, string>; accept?: number[] } = {},
): Promise<Response> {
  const outcome = await engine().call(method, pathname, init);
  switch (outcome.kind) {
    case 'down':
      if (!engineOnThisInstance()) throw new ApiError('engine_unavailable', `this instance runs no engine (PORTICO_ROLE=dashboard), so ${purpose.consequence}; the engines on the other nodes serve traffic (GET /api/v1/nodes)`);
      throw new ApiError('engine_unavailable', `the engine is not running, so ${purpose.consequence}`);
    case 'timeout':
      throw new ApiError('engine_timeout', `the engine did not answer within ${outcome.timeoutMs / 1000} s while trying to ${purpose.action}`);
    case 'broken':
      throw new ApiError('engine_unavailable', `the connection to the engine broke (${outcome.code}) while trying to ${purpose.action}`);
    case 'answered':
      if (outcome.res.ok || init.accept?.includes(outcome.res.status)) return outcome.res;
      throw await engineError(outcome.res, purpose);
  }
}

/** An error answer from the engine, as the API's error with the engine's own message. */
export async function engineError(res: Response, purpose: EngineCallPurpose): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  let message = text.slice(0, 500) || `HTTP ${res.status}`;
  try {
    message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
  } catch {
    // not JSON: the text itself
  }
  if (res.status === 404) return new ApiError('not_found', message);
  if (res.status === 413) return new ApiError('payload_too_large', message);
  if (res.status === 503) return new ApiError('engine_unavailable', `the engine cannot ${purpose.action} right now: ${message}`);
  if (res.status < 500) return new ApiError('bad_request', message);
  return new ApiError('internal', `the engine failed to ${purpose.action}: ${message} (details in the engine's log)`);
}
