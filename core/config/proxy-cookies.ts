// proxy_cookie_path, proxy_cookie_domain and proxy_cookie_flags: how the Set-Cookie
// headers of proxied answers are rewritten. Rules keep nginx's own notation (a leading
// "~" makes a regex) so an imported configuration reads the same in the dashboard.
import { z } from 'zod';
import { checkRegexSafety } from './regex-safety.ts';

/** The regex of a "~regex" / "~*regex" pattern, or null for a plain string. */
export function patternRegex(pattern: string, caseInsensitiveTilde: boolean): { source: string; flags: string } | null {
  if (!pattern.startsWith('~')) return null;
  if (pattern.startsWith('~*')) return { source: pattern.slice(2), flags: 'i' };
  return { source: pattern.slice(1), flags: caseInsensitiveTilde ? 'i' : '' };
}

/** A problem with a "~regex" pattern, or null. */
export function patternProblem(pattern: string, caseInsensitiveTilde = false): string | null {
  const regex = patternRegex(pattern, caseInsensitiveTilde);
  // An empty regex ("~") matches every value, as in nginx.
  if (regex === null || regex.source === '') return null;
  return checkRegexSafety(regex.source);
}

/** A plain string or a "~regex" pattern whose regex is checked. */
function patternString(maxLength: number, caseInsensitiveTilde: boolean) {
  return z
    .string()
    .min(1)
    .max(maxLength)
    .superRefine((value, ctx) => {
      const problem = patternProblem(value, caseInsensitiveTilde);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}

/** A from/to rule whose `from` may be a "~regex" (cookie rewrites here, proxy_redirect in policies.ts). */
export function patternRewriteRule(caseInsensitiveTilde: boolean, describeFrom: string) {
  return z
    .object({
      from: patternString(2048, caseInsensitiveTilde).describe(describeFrom),
      to: z.string().max(2048).describe('The replacement; variables and, after a regex, its captures ($1…) are allowed.'),
    })
    .describe('One cookie rewrite rule; the first rule that matches a value rewrites it.');
}

export const CookiePathRule = patternRewriteRule(
  false,
  'A path prefix (case-sensitive), or "~regex" / "~*regex" (case-insensitive): a match replaces the whole Path value.',
);
export const CookieDomainRule = patternRewriteRule(
  true,
  'A domain (the whole value, case-insensitive, a leading dot ignored), or "~regex" (always case-insensitive): a match replaces the whole Domain value.',
);

export const COOKIE_FLAGS = ['secure', 'nosecure', 'httponly', 'nohttponly', 'samesite=strict', 'samesite=lax', 'samesite=none', 'nosamesite'] as const;

export const CookieFlagsRule = z
  .object({
    cookie: patternString(256, true).describe('The cookie name (case-insensitive), or "~regex" (case-insensitive).'),
    flags: z.array(z.enum(COOKIE_FLAGS)).min(1).max(3).describe('Attributes to add (secure, httponly, samesite=…) or remove (nosecure, nohttponly, nosamesite).'),
  })
  .describe('One proxy_cookie_flags rule; the first rule whose name matches applies.');

export const ProxyCookies = z
  .object({
    path: z.array(CookiePathRule).max(20).default([]).describe('proxy_cookie_path rules; empty = off.'),
    domain: z.array(CookieDomainRule).max(20).default([]).describe('proxy_cookie_domain rules; empty = off.'),
    flags: z.array(CookieFlagsRule).max(20).default([]).describe('proxy_cookie_flags rules; empty = off.'),
  })
  .describe('Rewrites of the Set-Cookie headers of proxied answers (nginx proxy_cookie_*). Unset: cookies pass unchanged.');
