// Security header presets compiled into ordinary add_header rules, so they cost what an
// add_header costs and follow its rules (by default "always": error pages get them too,
// as the seeds' `add_header … always` lines do).
import type { z } from 'zod';
import type { SecurityHeadersPolicy } from '../../../core/config/policies.ts';
import type { RequestContext } from '../../runtime/types.ts';
import type { ResponseHeaderRule } from '../../runtime/types.ts';

type SecurityHeaders = z.output<typeof SecurityHeadersPolicy>;
type Hsts = { maxAgeSeconds: number; includeSubDomains: boolean; preload: boolean };

interface Resolved {
  hsts: Hsts | false;
  frameOptions: string | false;
  contentTypeOptions: boolean;
  referrerPolicy: string | false;
  permissionsPolicy: string | false;
  contentSecurityPolicy: string | false;
}

const PRESETS: Record<SecurityHeaders['preset'], Resolved> = {
  none: { hsts: false, frameOptions: false, contentTypeOptions: false, referrerPolicy: false, permissionsPolicy: false, contentSecurityPolicy: false },
  basic: { hsts: false, frameOptions: 'SAMEORIGIN', contentTypeOptions: true, referrerPolicy: 'strict-origin-when-cross-origin', permissionsPolicy: false, contentSecurityPolicy: false },
  strict: {
    hsts: { maxAgeSeconds: 63072000, includeSubDomains: true, preload: false },
    frameOptions: 'DENY',
    contentTypeOptions: true,
    referrerPolicy: 'no-referrer',
    permissionsPolicy: 'camera=(), microphone=(), geolocation=()',
    contentSecurityPolicy: "default-src 'self'",
  },
};

/** The preset with the fields the policy sets over it ("" counts as off). */
export function resolveSecurityHeaders(policy: SecurityHeaders): Resolved {
  const base = PRESETS[policy.preset];
  const text = (value: string | false | undefined, fallback: string | false) => (value === undefined ? fallback : value === '' ? false : value);
  return {
    hsts: policy.hsts === undefined ? base.hsts : policy.hsts,
    frameOptions: policy.frameOptions ?? base.frameOptions,
    contentTypeOptions: policy.contentTypeOptions ?? base.contentTypeOptions,
    referrerPolicy: policy.referrerPolicy ?? base.referrerPolicy,
    permissionsPolicy: text(policy.permissionsPolicy, base.permissionsPolicy),
    contentSecurityPolicy: text(policy.contentSecurityPolicy, base.contentSecurityPolicy),
  };
}

export function securityHeaderRules(policy: SecurityHeaders | undefined): ResponseHeaderRule[] {
  if (!policy) return [];
  const r = resolveSecurityHeaders(policy);
  const always = policy.always;
  const rules: ResponseHeaderRule[] = [];
  const add = (name: string, value: string) => rules.push({ name, value: () => value, always });
  if (r.hsts) {
    const value = `max-age=${r.hsts.maxAgeSeconds}${r.hsts.includeSubDomains ? '; includeSubDomains' : ''}${r.hsts.preload ? '; preload' : ''}`;
    // Browsers ignore HSTS over plain HTTP, and the host's own HSTS setting, when on, is
    // sent already: an empty value makes the rule skip the header then.
    rules.push({ name: 'Strict-Transport-Security', value: (ctx: RequestContext) => (ctx.scheme === 'https' && !ctx.hostConfig?.config.tls.hsts.enabled ? value : ''), always });
  }
  if (r.frameOptions) add('X-Frame-Options', r.frameOptions);
  if (r.contentTypeOptions) add('X-Content-Type-Options', 'nosniff');
  if (r.referrerPolicy) add('Referrer-Policy', r.referrerPolicy);
  if (r.permissionsPolicy) add('Permissions-Policy', r.permissionsPolicy);
  if (r.contentSecurityPolicy) add(policy.cspReportOnly ? 'Content-Security-Policy-Report-Only' : 'Content-Security-Policy', r.contentSecurityPolicy);
  return rules;
}
