// CORS. OPTIONS requests are answered with 204 in the rewrite phase, before limits,
// access rules and the upstream, exactly where nginx's
//   if ($request_method = OPTIONS) { add_header Access-Control-…; return 204; }
// answers them. Other responses get the CORS headers through ordinary add_header rules
// ("always", so a browser can read error answers too).
import type { z } from 'zod';
import type { CorsPolicy } from '../../../core/config/policies.ts';
import { checkRegexSafety } from '../../../core/config/regex-safety.ts';
import type { RequestContext } from '../../runtime/types.ts';
import { sendText } from '../../http/respond.ts';
import type { Stage } from '../../runtime/types.ts';
import { LocationCompileError } from '../../runtime/compile-error.ts';
import type { CompiledLocation, ResponseHeaderRule } from '../../runtime/types.ts';

type Cors = z.output<typeof CorsPolicy>;

const BROWSER_DEFAULT_MAX_AGE = 5;

/** Upstream copies of these would duplicate the policy's own (browsers refuse two ACAO values). */
const OWNED = ['access-control-allow-origin', 'access-control-allow-credentials', 'access-control-expose-headers', 'access-control-allow-methods', 'access-control-allow-headers', 'access-control-max-age'];

export interface CompiledCors {
  /** The Access-Control-Allow-Origin value for this request; "" when its origin is not allowed. */
  allowOrigin: (ctx: RequestContext) => string;
  /** The value depends on the request's Origin (several origins, patterns, or "*" with credentials). */
  echoes: boolean;
  credentials: boolean;
  methods: string;
  /** Allowed request headers; null = echo Access-Control-Request-Headers. */
  headers: string | null;
  expose: string;
  /** null: not sent. */
  maxAge: string | null;
}

function originHeader(ctx: RequestContext): string {
  const value = ctx.req.headers.origin;
  return typeof value === 'string' ? value : '';
}

export function compileCors(policy: Cors): CompiledCors {
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  let any = false;
  policy.origins.forEach((origin, i) => {
    if (origin === '*') any = true;
    else if (origin.startsWith('~')) {
      const problem = checkRegexSafety(origin.slice(1));
      if (problem) throw new LocationCompileError(`policies.cors.origins.${i}`, problem);
      patterns.push(new RegExp(origin.slice(1)));
    } else exact.add(origin.toLowerCase());
  });
  const allowed = (origin: string) => any || exact.has(origin.toLowerCase()) || patterns.some((p) => p.test(origin));
  let allowOrigin: (ctx: RequestContext) => string;
  let echoes = false;
  if (any && !policy.credentials) {
    allowOrigin = () => '*';
  } else if (!any && patterns.length === 0 && exact.size === 1) {
    // One fixed origin: sent as is, whatever the request says (nginx's recipe); the
    // browser compares it with its own origin.
    const only = policy.origins.find((o) => o !== '*')!;
    allowOrigin = () => only;
  } else {
    // Credentials forbid "*": the allowed origin is echoed, and caches must key on it.
    echoes = true;
    allowOrigin = (ctx) => {
      const origin = originHeader(ctx);
      return origin !== '' && allowed(origin) ? origin : '';
    };
  }
  return {
    allowOrigin,
    echoes,
    credentials: policy.credentials,
    methods: policy.methods.join(', '),
    headers: policy.headers.length > 0 ? policy.headers.join(', ') : null,
    expose: policy.exposeHeaders.join(', '),
    // 5 s is what browsers assume without the header (Fetch standard), and what the
    // importer sets for a recipe without one: such a preflight answer stays byte-identical to nginx's.
    maxAge: policy.maxAgeSeconds === BROWSER_DEFAULT_MAX_AGE ? null : String(policy.maxAgeSeconds),
  };
}

/** The add_header rules every response of the location gets. */
export function corsResponseRules(c: CompiledCors): ResponseHeaderRule[] {
  const rules: ResponseHeaderRule[] = [{ name: 'Access-Control-Allow-Origin', value: c.allowOrigin, always: true }];
  if (c.credentials) rules.push({ name: 'Access-Control-Allow-Credentials', value: (ctx) => (c.allowOrigin(ctx) ? 'true' : ''), always: true });
  if (c.expose) rules.push({ name: 'Access-Control-Expose-Headers', value: (ctx) => (c.allowOrigin(ctx) ? c.expose : ''), always: true });
  if (c.echoes) rules.push({ name: 'Vary', value: () => 'Origin', always: true });
  return rules;
}

function preflightHeaders(ctx: RequestContext, c: CompiledCors): string[] {
  if (c.allowOrigin(ctx) === '') return [];
  const headers = ['Access-Control-Allow-Methods', c.methods];
  if (c.headers !== null) headers.push('Access-Control-Allow-Headers', c.headers);
  else {
    const asked = ctx.req.headers['access-control-request-headers'];
    if (typeof asked === 'string' && asked !== '') headers.push('Access-Control-Allow-Headers', asked, 'Vary', 'Access-Control-Request-Headers');
  }
  if (c.maxAge !== null) headers.push('Access-Control-Max-Age', c.maxAge);
  return headers;
}

/**
 * The CORS stage (rewrite phase). Adds the response rules to the location and takes
 * over the CORS headers an upstream might send.
 */
export function createCorsStage(policy: Cors | undefined, location: CompiledLocation, next: Stage): Stage {
  if (!policy) return next;
  const c = compileCors(policy);
  location.responseHeaders.push(...corsResponseRules(c));
  for (const name of OWNED) location.hideHeaders.add(name);
  return (ctx: RequestContext) => {
    if (ctx.method !== 'OPTIONS') return next(ctx);
    // The location's add_header rules (with the CORS ones above) complete the answer.
    sendText(ctx, 204, '', 'text/plain', preflightHeaders(ctx, c));
  };
}
