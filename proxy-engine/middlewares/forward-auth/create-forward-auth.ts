// The forward-auth stage, in nginx's access phase after allow/deny and basic auth (nginx
// runs access, auth_basic, then auth_request). With `satisfy any` it takes over the whole
// phase, as nginx's access phase does: the first check that grants lets the request
// through; otherwise a 401 from any check wins over a 403.
import type { Policies } from '../../../core/config/policies.ts';
import { utf8Bytes } from '../../../core/config/normalize-uri.ts';
import { sendError } from '../../http/error-pages.ts';
import { HOP_BY_HOP } from '../../http/request-headers.ts';
import { appendAddHeaders, serverHeader } from '../../http/response-headers.ts';
import { endOut, headOut } from '../../http/sink.ts';
import { setUserVariable } from '../../http/user-variables.ts';
import type { CompiledLocation, RequestContext, Stage } from '../../runtime/types.ts';
import { compileRules } from '../access/create-access.ts';
import { createBasicAuthCheck } from '../access/basic-auth.ts';
import { askAuthService, type AuthAnswer } from './auth-request.ts';
import { activeForwardAuth, compileForwardAuth, type CompiledForwardAuth, type ForwardAuthTargets } from './compiled.ts';
import { copiedHeaderRules, rememberGrant } from './copied-headers.ts';

/** The compiled policy of each location that has one (the tracer shows it). */
const compiledByLocation = new WeakMap<CompiledLocation, CompiledForwardAuth>();

export function forwardAuthOf(location: CompiledLocation): CompiledForwardAuth | undefined {
  return compiledByLocation.get(location);
}

type Verdict = { kind: 'grant' } | { kind: 'deny'; status: 401 | 403; challenge: string | null } | { kind: 'error' } | { kind: 'pass'; answer: Extract<AuthAnswer, { ok: true }> };

/** Whether the forward-auth stage decides the whole access phase (the access stage then steps aside). */
export function forwardAuthTakesAccess(policies: Policies): boolean {
  const access = policies.access;
  return activeForwardAuth(policies) !== null && access?.satisfy === 'any' && (access.rules.length > 0 || access.basicAuth !== undefined);
}

export function createForwardAuthStage(policies: Policies, location: CompiledLocation, targets: ForwardAuthTargets | undefined, next: Stage, counters: readonly { denied: number }[] = []): Stage {
  const policy = activeForwardAuth(policies);
  if (!policy || !targets) return next;
  const auth = compileForwardAuth(policy, targets, {});
  compiledByLocation.set(location, auth);
  // Copied headers replace the client's of the same names (a client cannot claim a user).
  for (const rule of copiedHeaderRules(auth, location.proxyHeaders)) location.proxyHeaders.push(rule);
  const deny = (ctx: RequestContext, status: 401 | 403, headers: [string, string][]) => {
    for (const c of counters) c.denied++;
    // nginx puts the challenge in the answer's headers before error_page looks: a 401
    // turned into a redirect to the login page (error_page 401 =302 …) still carries it.
    // The headers an X-Accel-Redirect carries take the same road to whatever answer comes.
    if (headers.length > 0 && location.errorPages) {
      ctx.accelRedirect = { carried: headers.flat(), contentType: null };
      return sendError(ctx, status);
    }
    sendError(ctx, status, { headers });
  };

  if (!forwardAuthTakesAccess(policies)) {
    return async (ctx) => {
      const verdict = await askAndJudge(ctx, auth);
      if (verdict.kind === 'grant') return next(ctx);
      if (verdict.kind === 'deny') return deny(ctx, verdict.status, verdict.challenge ? [['WWW-Authenticate', verdict.challenge]] : []);
      if (verdict.kind === 'pass') return passAnswer(ctx, verdict.answer);
      sendError(ctx, 500);
    };
  }

  const access = policies.access!;
  const decide = compileRules(access.rules);
  const basic = access.basicAuth ? createBasicAuthCheck(access.basicAuth) : null;
  const basicChallenge = access.basicAuth ? utf8Bytes(`Basic realm="${access.basicAuth.realm}"`) : '';
  return async (ctx) => {
    // nginx: an address rule that allows grants; one that denies leaves a 403 standing; no
    // match decides nothing.
    const address = decide(ctx.remoteAddr);
    if (address === 'allow') return next(ctx);
    let status: 0 | 401 | 403 = address === 'deny' ? 403 : 0;
    const challenges: [string, string][] = [];
    if (basic) {
      if (await basic(ctx)) return next(ctx);
      status = 401;
      challenges.push(['WWW-Authenticate', basicChallenge]);
    }
    const verdict = await askAndJudge(ctx, auth);
    if (verdict.kind === 'grant') return next(ctx);
    if (verdict.kind === 'error') return sendError(ctx, 500);
    if (verdict.kind === 'pass') return passAnswer(ctx, verdict.answer);
    if (verdict.challenge) challenges.push(['WWW-Authenticate', verdict.challenge]);
    if (status !== 401) status = verdict.status;
    deny(ctx, status, challenges);
  };
}

/** nginx's auth_request rules: 2xx grants, 401 (with its challenge) and 403 deny, anything else is an error. */
async function askAndJudge(ctx: RequestContext, auth: CompiledForwardAuth): Promise<Verdict> {
  const answer = await askAuthService(ctx, auth, auth.deniedAnswer === 'pass');
  setVariables(ctx, auth, answer);
  if (!answer.ok) return { kind: 'error' };
  if (answer.status >= 200 && answer.status < 300) {
    rememberGrant(ctx, auth, answer.rawHeaders);
    return { kind: 'grant' };
  }
  if (auth.deniedAnswer === 'pass') return { kind: 'pass', answer };
  if (answer.status === 401) return { kind: 'deny', status: 401, challenge: firstHeader(answer.rawHeaders, 'www-authenticate') };
  if (answer.status === 403) return { kind: 'deny', status: 403, challenge: null };
  return { kind: 'error' };
}

/**
 * auth_request_set: evaluated against the auth answer ($upstream_http_*, $upstream_status
 * are the auth service's), whatever its status, as nginx sets them when the subrequest ends.
 */
function setVariables(ctx: RequestContext, auth: CompiledForwardAuth, answer: AuthAnswer): void {
  if (auth.variables.length === 0) return;
  const saved = { headers: ctx.upstreamHeaders, status: ctx.upstreamStatus };
  ctx.upstreamHeaders = answer.ok ? answer.rawHeaders : [];
  ctx.upstreamStatus = answer.ok ? answer.status : 502;
  try {
    for (const v of auth.variables) setUserVariable(ctx, v.name, v.value(ctx));
  } finally {
    ctx.upstreamHeaders = saved.headers;
    ctx.upstreamStatus = saved.status;
  }
}

function firstHeader(raw: readonly string[], lower: string): string | null {
  for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i]!.toLowerCase() === lower) return raw[i + 1]!;
  return null;
}

const NOT_PASSED: ReadonlySet<string> = new Set([...HOP_BY_HOP, 'content-length', 'server', 'date']);

/** Traefik's ForwardAuth: the service's own answer (a redirect to its login page, a 401 page) goes to the client. */
function passAnswer(ctx: RequestContext, answer: Extract<AuthAnswer, { ok: true }>): void {
  const body = answer.body ?? Buffer.alloc(0);
  const serverTokens = ctx.location?.serverTokens ?? ctx.runtime.settings.serverTokens;
  const headers: string[] = ['Server', serverHeader(serverTokens)];
  for (let i = 0; i + 1 < answer.rawHeaders.length; i += 2) {
    if (!NOT_PASSED.has(answer.rawHeaders[i]!.toLowerCase())) headers.push(answer.rawHeaders[i]!, answer.rawHeaders[i + 1]!);
  }
  headers.push('Content-Length', String(body.length));
  appendAddHeaders(headers, ctx, ctx.location?.responseHeaders ?? [], answer.status);
  ctx.upstreamStatus = answer.status;
  headOut(ctx, answer.status, headers);
  endOut(ctx, ctx.method === 'HEAD' ? undefined : body);
}
