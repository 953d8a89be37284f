// proxy_cookie_domain, proxy_cookie_path and proxy_cookie_flags on the Set-Cookie headers
// of proxied answers, as nginx's proxy module does it: the value is split at ";" into
// name=value and attributes (spaces around names and values trimmed); the first matching
// rule rewrites each Domain / Path value, the first flags rule whose name matches the
// cookie's adds or removes Secure, HttpOnly and SameSite. A header nothing changed
// passes byte for byte; a changed one is written back as "a=b; Attr; Attr=v".
import type { z } from 'zod';
import { patternRegex, type ProxyCookies } from '../../core/config/proxy-cookies.ts';
import type { CookieRewriter, RequestContext, Template } from '../runtime/types.ts';
import { compileTemplate, type TemplateScope } from './variables.ts';
import { checkRuleVariables, compileValueRewrite, firstRewrite, regexRewrite, type ValueRewrite } from './value-rewrite.ts';

/** One attribute; a null key is an attribute a flag removed. */
interface Attribute {
  key: string | null;
  value: string | null;
}

const SECURE_ON = 1;
const SECURE_OFF = 2;
const HTTPONLY_ON = 4;
const HTTPONLY_OFF = 8;
const SAMESITE_STRICT = 16;
const SAMESITE_LAX = 32;
const SAMESITE_NONE = 64;
const SAMESITE_OFF = 128;
const FLAG_BITS: Record<string, number> = {
  secure: SECURE_ON,
  nosecure: SECURE_OFF,
  httponly: HTTPONLY_ON,
  nohttponly: HTTPONLY_OFF,
  'samesite=strict': SAMESITE_STRICT,
  'samesite=lax': SAMESITE_LAX,
  'samesite=none': SAMESITE_NONE,
  nosamesite: SAMESITE_OFF,
};

type NameMatch = (name: string, ctx: RequestContext) => boolean;

export function compileCookieRewriter(cookies: z.output<typeof ProxyCookies> | undefined, scope: TemplateScope = {}): CookieRewriter | null {
  if (!cookies || (cookies.path.length === 0 && cookies.domain.length === 0 && cookies.flags.length === 0)) return null;
  const plain = (pattern: string) => (pattern.startsWith('~') ? '' : pattern);
  cookies.path.forEach((r, i) => checkRuleVariables(`policies.proxyCookies.path.${i}`, [plain(r.from), r.to]));
  cookies.domain.forEach((r, i) => checkRuleVariables(`policies.proxyCookies.domain.${i}`, [plain(r.from), r.to]));
  cookies.flags.forEach((r, i) => checkRuleVariables(`policies.proxyCookies.flags.${i}`, [plain(r.cookie)]));
  const paths = cookies.path.map((r) => compileValueRewrite(r.from, r.to, scope));
  const domains = cookies.domain.map((r) => domainRewrite(r.from, r.to, scope));
  const flags = cookies.flags.map((r) => ({ matches: nameMatch(r.cookie, scope), bits: r.flags.reduce((bits, f) => bits | FLAG_BITS[f]!, 0) }));
  return (header, ctx) => {
    const attrs = parseCookie(header);
    if (attrs[0]!.value === null) return header;
    let changed = false;
    for (let i = 1; i < attrs.length; i++) {
      const attr = attrs[i]!;
      if (attr.value === null) continue;
      const key = attr.key!.toLowerCase();
      const rules = key === 'domain' ? domains : key === 'path' ? paths : null;
      if (rules === null || rules.length === 0) continue;
      const rewritten = firstRewrite(rules, attr.value, ctx);
      if (rewritten === null) continue;
      attr.value = rewritten;
      changed = true;
    }
    const name = attrs[0]!.key!;
    const rule = flags.find((f) => f.matches(name, ctx));
    if (rule) {
      editFlags(attrs, rule.bits);
      changed = true;
    }
    return changed ? serialise(attrs) : header;
  };
}

/**
 * proxy_cookie_domain: a plain domain matches the whole value case-insensitively, a
 * leading dot ignored on both sides (the value keeps its own); "~regex" is always
 * case-insensitive and replaces the whole value.
 */
function domainRewrite(from: string, to: string, scope: TemplateScope): ValueRewrite {
  const regex = patternRegex(from, true);
  if (regex) return regexRewrite(new RegExp(regex.source, regex.flags), compileTemplate(to, scope));
  const pattern = lowerCaseTemplate(from.startsWith('.') ? from.slice(1) : from, scope);
  const replacement = compileTemplate(to.startsWith('.') ? to.slice(1) : to, scope);
  return (value, ctx) => {
    const dot = value.startsWith('.') ? '.' : '';
    return value.slice(dot.length).toLowerCase() === pattern(ctx) ? dot + replacement(ctx) : null;
  };
}

/** proxy_cookie_flags' cookie: a name (case-insensitive) or "~regex" (case-insensitive). */
function nameMatch(cookie: string, scope: TemplateScope): NameMatch {
  const regex = patternRegex(cookie, true);
  if (regex) {
    const re = new RegExp(regex.source, regex.flags);
    return (name) => re.test(name);
  }
  const pattern = lowerCaseTemplate(cookie, scope);
  return (name, ctx) => name.toLowerCase() === pattern(ctx);
}

/** A pattern compared case-insensitively, lower-cased once when it holds no variable. */
function lowerCaseTemplate(text: string, scope: TemplateScope): Template {
  if (!text.includes('$')) {
    const lower = text.toLowerCase();
    return () => lower;
  }
  const template = compileTemplate(text, scope);
  return (ctx) => template(ctx).toLowerCase();
}

function parseCookie(header: string): Attribute[] {
  const attrs: Attribute[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).replace(/^ +| +$/g, '');
    attrs.push({ key, value: eq < 0 ? null : part.slice(eq + 1).replace(/^ +| +$/g, '') });
  }
  return attrs;
}

function serialise(attrs: readonly Attribute[]): string {
  let out = '';
  attrs.forEach((attr, i) => {
    if (attr.key === null) return;
    if (i > 0) out += '; ';
    out += attr.value === null ? attr.key : `${attr.key}=${attr.value}`;
  });
  return out;
}

/** nginx's order: existing attributes are kept, changed or removed in place, missing ones appended. */
function editFlags(attrs: Attribute[], bits: number): void {
  let flags = bits;
  for (let i = 1; i < attrs.length; i++) {
    const attr = attrs[i]!;
    const key = attr.key?.toLowerCase();
    if (key === 'secure') {
      if (flags & SECURE_ON) flags &= ~SECURE_ON;
      else if (flags & SECURE_OFF) attr.key = null;
    } else if (key === 'httponly') {
      if (flags & HTTPONLY_ON) flags &= ~HTTPONLY_ON;
      else if (flags & HTTPONLY_OFF) attr.key = null;
    } else if (key === 'samesite') {
      const value = attr.value?.toLowerCase();
      const set = (text: string) => {
        if (value !== text.toLowerCase()) [attr.key, attr.value] = ['SameSite', text];
      };
      if (flags & SAMESITE_STRICT) {
        flags &= ~SAMESITE_STRICT;
        set('Strict');
      } else if (flags & SAMESITE_LAX) {
        flags &= ~SAMESITE_LAX;
        set('Lax');
      } else if (flags & SAMESITE_NONE) {
        flags &= ~SAMESITE_NONE;
        set('None');
      } else if (flags & SAMESITE_OFF) attr.key = null;
    }
  }
  if (flags & SECURE_ON) attrs.push({ key: 'Secure', value: null });
  if (flags & HTTPONLY_ON) attrs.push({ key: 'HttpOnly', value: null });
  if (flags & SAMESITE_STRICT) attrs.push({ key: 'SameSite', value: 'Strict' });
  else if (flags & SAMESITE_LAX) attrs.push({ key: 'SameSite', value: 'Lax' });
  else if (flags & SAMESITE_NONE) attrs.push({ key: 'SameSite', value: 'None' });
}
