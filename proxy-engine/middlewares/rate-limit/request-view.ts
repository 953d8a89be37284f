// The pipeline's request context as the limiters see it: one small object per request,
// reading headers and cookies only when a zone's key asks for them.
import type { RequestContext } from '../../runtime/types.ts';
import type { LimitRequestView } from './key.ts';
import { queryArg } from '../../http/query-args.ts';
import { runtimeMapVariable } from '../../http/map-variables.ts';

class ContextView implements LimitRequestView {
  readonly #ctx: RequestContext;

  constructor(ctx: RequestContext) {
    this.#ctx = ctx;
  }

  get clientIp(): string {
    return this.#ctx.remoteAddr;
  }

  // The decoded path whatever the location's form: "/a%2Fb" and "/a/b" are one key, so
  // encoding a slash cannot open a fresh bucket.
  get uri(): string {
    return this.#ctx.decodedPath;
  }

  get requestUri(): string {
    return this.#ctx.requestUri;
  }

  get args(): string {
    return this.#ctx.query;
  }

  arg(lowerName: string): string | undefined {
    return queryArg(this.#ctx.query, lowerName);
  }

  variable(name: string): string {
    return runtimeMapVariable(this.#ctx, name);
  }

  get host(): string {
    return this.#ctx.host;
  }

  get serverName(): string {
    return this.#ctx.hostConfig?.primaryName ?? '';
  }

  /** nginx's $http_<name>: repeated headers joined with ", ". */
  header(name: string): string | undefined {
    const value = this.#ctx.req.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  }

  /** nginx's $cookie_<name>: the first cookie of that name. */
  cookie(name: string): string | undefined {
    const header = this.#ctx.req.headers.cookie;
    if (!header) return undefined;
    for (const part of header.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
    }
    return undefined;
  }
}

export function requestView(ctx: RequestContext): LimitRequestView {
  return new ContextView(ctx);
}
