// What a balancing algorithm may read of a request (client address, URI, headers,
// cookies): the same for the proxied request and for a forward-auth request.
import type { RequestContext } from '../runtime/types.ts';
import type { SelectionContext } from './group.ts';
import { runtimeMapVariable } from '../http/map-variables.ts';

export function selectionContext(ctx: RequestContext): SelectionContext {
  return {
    clientIp: ctx.remoteAddr,
    uri: ctx.requestUri,
    mapVariable: (name) => runtimeMapVariable(ctx, name),
    header: (name) => {
      const v = ctx.req.headers[name.toLowerCase()];
      return Array.isArray(v) ? v.join(', ') : v;
    },
    cookie: (name) => {
      const header = ctx.req.headers.cookie;
      if (!header) return undefined;
      for (const part of header.split(';')) {
        const eq = part.indexOf('=');
        if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
      }
      return undefined;
    },
  };
}
