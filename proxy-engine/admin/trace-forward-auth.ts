// The tracer's forward-auth step: the auth request the traced request would cause, built
// by the same code the stage uses (nothing is sent), and what a 2xx answer would carry on.
import type { TraceForwardAuth } from '../../core/contract/trace.ts';
import { authRequestHeaders } from '../middlewares/forward-auth/auth-request.ts';
import { compileRules } from '../middlewares/access/create-access.ts';
import { forwardAuthOf } from '../middlewares/forward-auth/create-forward-auth.ts';
import type { CompiledLocation, RequestContext } from '../runtime/types.ts';

export function describeForwardAuth(ctx: RequestContext, location: CompiledLocation): TraceForwardAuth | null {
  const auth = forwardAuthOf(location);
  if (!auth) return null;
  const headers = authRequestHeaders(ctx, auth);
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < headers.length; i += 2) pairs.push([headers[i]!, headers[i + 1]!]);
  const access = location.policies.access;
  const allowedFirst = access?.satisfy === 'any' && access.rules.length > 0 && compileRules(access.rules)(ctx.remoteAddr) === 'allow';
  return {
    request: { method: 'GET', url: `${auth.target.group.scheme}://${auth.target.proxyHost}${auth.path}`, headers: pairs },
    copiedHeaders: auth.copyHeaders.map((h) => h.display),
    variables: auth.variables.map((v) => `$${v.name}`),
    deniedAnswer: auth.deniedAnswer,
    skipped: allowedFirst ? `satisfy any: ${ctx.remoteAddr} is allowed by an address rule, the auth service is not asked` : null,
  };
}
