// The last stage of a location's chain: what the location does.
import type { RequestContext } from '../runtime/types.ts';
import { forward } from './forward.ts';
import type { RequestHooks } from '../runtime/hooks.ts';
import { absoluteRedirect } from '../http/proxy-redirect.ts';
import { sendRedirect } from '../http/respond.ts';
import { answerReturn } from '../http/rewrite-return.ts';
import { markBodyDiscarded } from '../http/discarded-body.ts';
import type { Stage } from '../runtime/types.ts';
import { serveStatic } from './static-files.ts';
import { tunnelWebSocket } from './websocket.ts';
import type { CompiledLocation, CompiledProxy } from '../runtime/types.ts';
import { sendError } from '../http/error-pages.ts';

/** proxy_pass with variables: the target is evaluated first (upstream/variable-target.ts). */
function proxyToVariableTarget(location: CompiledLocation, resolve: NonNullable<CompiledProxy['resolve']>, deps: ActionDeps): Stage {
  return (ctx) => {
    const target = resolve(ctx);
    if (!target.ok) {
      // nginx logs it ("no resolver defined to resolve …") and answers 502, or 500 for a URL it cannot parse.
      deps.hooks?.onUpstreamError?.(ctx, null, { kind: 'error', maybeSent: false, status: 502, reason: target.reason });
      ctx.upstreamStatus = 0;
      sendError(ctx, target.status);
      return;
    }
    ctx.proxyTarget = { host: target.proxyHost, port: target.proxyPort };
    return ctx.upgrade ? tunnelWebSocket(ctx, location, target.proxy, deps.hooks) : forward(ctx, location, target.proxy, deps.hooks);
  };
}

export interface ActionDeps {
  /** The engine's request hooks (forwarding reports upstream outcomes to them). */
  hooks?: RequestHooks;
}

export function createActionStage(location: CompiledLocation, deps: ActionDeps): Stage {
  const action = location.action;
  switch (action.kind) {
    case 'proxy':
      if (action.resolve) return proxyToVariableTarget(location, action.resolve, deps);
      return (ctx: RequestContext) => (ctx.upgrade ? tunnelWebSocket(ctx, location, action, deps.hooks) : forward(ctx, location, action, deps.hooks));
    case 'static':
      return (ctx) => serveStatic(ctx, action);
    case 'redirect':
      return (ctx) => {
        markBodyDiscarded(ctx);
        const url = action.url(ctx);
        // As nginx's absolute_redirect: a URI is sent as a full URL.
        sendRedirect(ctx, action.status, url.startsWith('/') ? absoluteRedirect(ctx, url) : url);
      };
    case 'return':
      // The same answer as a `return` step of the rewrite phase.
      return (ctx) => {
        markBodyDiscarded(ctx);
        answerReturn(ctx, { status: action.status, text: action.body(ctx), contentType: action.contentType });
      };
  }
}
