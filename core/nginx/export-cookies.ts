// policies.proxyCookies → proxy_cookie_path / proxy_cookie_domain / proxy_cookie_flags.
// Each is its own inherited list in nginx; an empty list is written as "off" so a
// location that turns the rules off does not inherit its server's.
import type { z } from 'zod';
import type { ProxyCookies } from '../config/proxy-cookies.ts';
import { node } from './config-writer.ts';
import type { Groups } from './export-policy-env.ts';

export function proxyCookieGroups(cookies: z.output<typeof ProxyCookies>, groups: Groups): void {
  const rewrites = (name: string, rules: readonly { from: string; to: string }[]) =>
    groups.set(name, rules.length === 0 ? [node(name, 'off')] : rules.map((r) => node(name, r.from, r.to)));
  rewrites('proxy_cookie_path', cookies.path);
  rewrites('proxy_cookie_domain', cookies.domain);
  const flags = cookies.flags;
  groups.set('proxy_cookie_flags', flags.length === 0 ? [node('proxy_cookie_flags', 'off')] : flags.map((r) => node('proxy_cookie_flags', r.cookie, ...r.flags)));
}
