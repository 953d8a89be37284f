// allow/deny rules (first match decides, as nginx), HTTP Basic auth, and `satisfy`.
import type { z } from 'zod';
import type { AccessPolicy } from '../../../core/config/policies.ts';
import { compileCidr } from '../../routing/cidr.ts';
import type { RequestContext } from '../../runtime/types.ts';
import { sendError } from '../../http/error-pages.ts';
import type { Stage } from '../../runtime/types.ts';
import { createBasicAuthCheck } from './basic-auth.ts';
import { utf8Bytes } from '../../../core/config/normalize-uri.ts';

type Access = z.output<typeof AccessPolicy>;

/** 'allow' | 'deny' | 'none' (no rule matched: nginx allows). */
export function compileRules(rules: Access['rules']): (address: string) => 'allow' | 'deny' | 'none' {
  const firstMatch = compileFirstMatch(rules);
  return (address) => rules[firstMatch(address)]?.action ?? 'none';
}

/** The index of the rule that decides for an address (the first that matches), -1 for none. */
export function compileFirstMatch(rules: Access['rules']): (address: string) => number {
  const tests = rules.map((r) => compileCidr(r.source));
  return (address) => tests.findIndex((test) => test(address));
}

export function createAccess(policy: Access | undefined, next: Stage, counters: readonly { denied: number }[] = []): Stage {
  if (!policy || (policy.rules.length === 0 && !policy.basicAuth)) return next;
  const decide = compileRules(policy.rules);
  const hasRules = policy.rules.length > 0;
  const auth = policy.basicAuth ? createBasicAuthCheck(policy.basicAuth) : null;
  const satisfyAny = policy.satisfy === 'any';
  // nginx writes the realm as configured, quotes and backslashes included (the model keeps
  // control characters out), in its UTF-8 bytes: Node writes header strings one byte per character.
  const challenge = policy.basicAuth ? utf8Bytes(`Basic realm="${policy.basicAuth.realm}"`) : '';
  const deny = (ctx: RequestContext, status: 401 | 403, headers: [string, string][] = []) => {
    for (const c of counters) c.denied++;
    sendError(ctx, status, { headers });
  };
  return (ctx: RequestContext) => {
    const addressOk = !hasRules || decide(ctx.remoteAddr) !== 'deny';
    if (!auth) {
      if (!addressOk) return deny(ctx, 403);
      return next(ctx);
    }
    if (satisfyAny && hasRules && addressOk) return next(ctx);
    if (!satisfyAny && !addressOk) return deny(ctx, 403);
    return auth(ctx).then((ok) => {
      if (ok) return next(ctx);
      // satisfy any with a denied address and bad credentials: nginx answers 401 (so a
      // browser can still prompt), like satisfy all.
      deny(ctx, 401, [['WWW-Authenticate', challenge]]);
      return undefined;
    });
  };
}
