// The last stage of a location's chain: what the location does.
import type { RequestContext } from './types.ts';
import { forward, type ForwardHooks } from '../pipeline/forward.ts';
import { absoluteRedirect } from '../http/proxy-redirect.ts';
import { sendRedirect, sendStatus, sendText } from '../http/respond.ts';
import type { Stage } from './types.ts';
import { serveStatic } from '../pipeline/static-files.ts';
import { tunnelWebSocket } from '../pipeline/websocket.ts';
import { returnContentType } from '../http/mime-types.ts';
import type { CompiledLocation } from './types.ts';

export interface ActionDeps {
  forwardHooks?: ForwardHooks;
}

export function createActionStage(location: CompiledLocation, deps: ActionDeps): Stage {
  const action = location.action;
  switch (action.kind) {
    case 'proxy':
      return (ctx: RequestContext) => (ctx.upgrade ? tunnelWebSocket(ctx, location, action, deps.forwardHooks) : forward(ctx, location, action, deps.forwardHooks));
    case 'static':
      return (ctx) => serveStatic(ctx, action);
    case 'redirect':
      return (ctx) => {
        const url = action.url(ctx);
        // As nginx's absolute_redirect: a URI is sent as a full URL.
        sendRedirect(ctx, action.status, url.startsWith('/') ? absoluteRedirect(ctx, url) : url);
      };
    case 'return':
      if (action.status === 444) {
        return (ctx) => {
          ctx.upstreamStatus = 444;
          ctx.res.destroy();
        };
      }
      return (ctx) => {
        const body = action.body(ctx);
        // nginx types a returned text by the URI's extension, else default_type.
        if (body === '') sendStatus(ctx, action.status);
        else sendText(ctx, action.status, body, returnContentType(ctx.path) ?? action.contentType);
      };
  }
}
