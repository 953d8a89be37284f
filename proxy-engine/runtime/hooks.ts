// The one shape every observer of a request takes: statistics, the access and error logs,
// forwarding's upstream accounting and the ACME challenge responder are all sets of these
// hooks, merged into one by combineHooks. Each hook is one point of the request phases
// (pipeline/phases.ts); a hook that throws is reported and never fails the request.
import type { RequestContext } from './types.ts';
import type { Peer } from '../balancer/types.ts';
import type { UpstreamFailure } from '../http/upstream-errors.ts';

export interface UpstreamTiming {
  connectMs: number;
  firstByteMs: number;
  totalMs: number;
}

export interface RequestHooks {
  /** The request arrived (before anything else: the stats baseline). */
  onRequestStart?(ctx: RequestContext): void;
  /**
   * Answers before routing (ACME HTTP-01 challenges): true when it answered, false to
   * go on; a promise when it must look first (the request waits for it).
   */
  onRequest?(ctx: RequestContext): boolean | Promise<boolean>;
  /** The request matched a host and a location (once per request). */
  onRouted?(ctx: RequestContext): void;
  /** Forwarding: the final outcome of the upstream exchange. */
  onUpstreamDone?(ctx: RequestContext, peer: Peer | null, status: number, timing: UpstreamTiming): void;
  /** Forwarding: one attempt failed (a retry may follow). */
  onUpstreamError?(ctx: RequestContext, peer: Peer | null, failure: UpstreamFailure): void;
  /** The response is finished or the client left (logs, counters). */
  onRequestEnd?(ctx: RequestContext): void;
}

type NotifyHook = Exclude<keyof RequestHooks, 'onRequest'>;
const NOTIFY_HOOKS: readonly NotifyHook[] = ['onRequestStart', 'onRouted', 'onUpstreamDone', 'onUpstreamError', 'onRequestEnd'];

/** Several hook sets as one; a hook only one set has is that set's own function (no extra call). */
export function combineHooks(...sets: RequestHooks[]): RequestHooks {
  const combined: RequestHooks = {};
  for (const name of NOTIFY_HOOKS) {
    const fns = sets.filter((s) => s[name]).map((s) => (s[name] as (...args: unknown[]) => void).bind(s));
    if (fns.length === 1) (combined as Record<string, unknown>)[name] = fns[0];
    else if (fns.length > 1) {
      (combined as Record<string, unknown>)[name] = (...args: unknown[]) => {
        for (const fn of fns) fn(...args);
      };
    }
  }
  const answerers = sets.filter((s) => s.onRequest).map((s) => s.onRequest!.bind(s));
  if (answerers.length === 1) combined.onRequest = answerers[0];
  else if (answerers.length > 1) combined.onRequest = (ctx) => firstAnswer(answerers, 0, ctx);
  return combined;
}

/** The first set that answers the request wins; the others are not asked. */
function firstAnswer(answerers: ((ctx: RequestContext) => boolean | Promise<boolean>)[], from: number, ctx: RequestContext): boolean | Promise<boolean> {
  for (let i = from; i < answerers.length; i++) {
    const answered = answerers[i]!(ctx);
    if (answered === true) return true;
    if (answered !== false) return answered.then((done) => done || firstAnswer(answerers, i + 1, ctx));
  }
  return false;
}
