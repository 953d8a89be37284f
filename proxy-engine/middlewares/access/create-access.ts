// allow/deny rules (first match decides, as nginx), HTTP Basic auth, and `satisfy`.
import type { z } from 'zod';
import type { AccessPolicy } from '../../config/policies.ts';
import { compileCidr } from '../../routing/cidr.ts';
import type { RequestContext } from '../../pipeline/context.ts';
import { sendError } from '../../pipeline/error-pages.ts';
import type { Stage } from '../../pipeline/stage.ts';
import { createBasicAuthCheck } from './basic-auth.ts';

type Access = z.output<typeof AccessPolicy>;

/** 'allow' | 'deny' | 'none' (no rule matched: nginx allows). */
export function compileRules(rules: Access['rules']): (address: string) => 'allow' | 'deny' | 'none' {
  const compiled = rules.map((r) => ({ action: r.action, test: compileCidr(r.source) }));
  return (address) => {
    for (const rule of compiled) if (rule.test(address)) return rule.action;
    return 'none';
  };
}

export function createAccess(policy: Access | undefined, next: Stage): Stage {
  if (!policy || (policy.rules.length === 0 && !policy.basicAuth)) return next;
  const decide = compileRules(policy.rules);
  const hasRules = policy.rules.length > 0;
  const auth = policy.basicAuth ? createBasicAuthCheck(policy.basicAuth) : null;
  const satisfyAny = policy.satisfy === 'any';
  return (ctx: RequestContext) => {
    const addressOk = !hasRules || decide(ctx.remoteAddr) !== 'deny';
    if (!auth) {
      if (!addressOk) return sendError(ctx, 403);
      return next(ctx);
    }
    if (satisfyAny && hasRules && addressOk) return next(ctx);
    if (!satisfyAny && !addressOk) return sendError(ctx, 403);
    return auth(ctx).then((ok) => {
      if (ok) return next(ctx);
      // satisfy any with a denied address and bad credentials: nginx answers 401 (so a
      // browser can still prompt), like satisfy all.
      sendError(ctx, 401, { headers: [['WWW-Authenticate', `Basic realm="${policy.basicAuth!.realm.replace(/["\\]/g, '')}"`]] });
      return undefined;
    });
  };
}
