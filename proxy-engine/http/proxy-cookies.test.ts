// Table-driven: each case is what nginx 1.22 wrote for the same rule and Set-Cookie value
// (checked against real nginx in test/conformance/upstream-heads.test.ts).
import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../runtime/types.ts';
import { compileCookieRewriter } from './proxy-cookies.ts';
import type { z } from 'zod';
import type { ProxyCookies } from '../../core/config/proxy-cookies.ts';

type Rules = z.output<typeof ProxyCookies>;
const ctx = { req: { headers: { host: 'front.example' } }, host: 'front.example', captures: undefined } as unknown as RequestContext;
const none: Rules = { path: [], domain: [], flags: [] };

const cases: { desc: string; rules: Partial<Rules>; header: string; expected: string }[] = [
  { desc: 'path prefix', rules: { path: [{ from: '/app/', to: '/' }] }, header: 'a=1; Path=/app/x; HttpOnly', expected: 'a=1; Path=/x; HttpOnly' },
  { desc: 'path prefix is case-sensitive', rules: { path: [{ from: '/app/', to: '/' }] }, header: 'a=1; Path=/APP/x', expected: 'a=1; Path=/APP/x' },
  { desc: 'attribute names are case-insensitive', rules: { path: [{ from: '/app/', to: '/' }] }, header: 'a=1; path=/app/x', expected: 'a=1; path=/x' },
  { desc: 'unchanged header keeps its bytes', rules: { path: [{ from: '/app/', to: '/' }] }, header: 'a=1;  Path=/other ;x', expected: 'a=1;  Path=/other ;x' },
  { desc: 'changed header is written back normalised', rules: { path: [{ from: '/app', to: '/w' }] }, header: 'a=1;  Path = /app/a ;HttpOnly;', expected: 'a=1; Path=/w/a; HttpOnly; ' },
  { desc: 'regex replaces the whole value, with captures', rules: { path: [{ from: '~^/app(/.*)?$', to: '/web$1' }] }, header: 'a=1; Path=/app/x', expected: 'a=1; Path=/web/x' },
  { desc: '~* ignores case', rules: { path: [{ from: '~*^/APP/(.*)$', to: '/x/$1' }] }, header: 'a=1; Path=/app/q', expected: 'a=1; Path=/x/q' },
  { desc: 'first matching rule wins', rules: { path: [{ from: '/a', to: '/1' }, { from: '/', to: '/2' }] }, header: 'a=1; Path=/b', expected: 'a=1; Path=/2b' },
  { desc: 'domain: whole value, case-insensitive, the value keeps its dot', rules: { domain: [{ from: '.internal.local', to: '.example.com' }] }, header: 'a=1; domain=.Internal.Local', expected: 'a=1; domain=.example.com' },
  { desc: 'domain: not a suffix match', rules: { domain: [{ from: 'internal.local', to: 'example.com' }] }, header: 'a=1; Domain=api.internal.local', expected: 'a=1; Domain=api.internal.local' },
  { desc: 'domain regex is always case-insensitive', rules: { domain: [{ from: '~^API\\.(.*)$', to: '$1' }] }, header: 'a=1; Domain=api.corp', expected: 'a=1; Domain=corp' },
  { desc: 'domain variables', rules: { domain: [{ from: 'internal.local', to: '$host' }] }, header: 'a=1; Domain=internal.local', expected: 'a=1; Domain=front.example' },
  { desc: 'a cookie without "=" is left alone', rules: { path: [{ from: '/', to: '/x/' }] }, header: 'noval; Path=/app', expected: 'noval; Path=/app' },
  { desc: 'flags: appended in nginx order', rules: { flags: [{ cookie: 'sid', flags: ['samesite=strict', 'httponly', 'secure'] }] }, header: 'sid=1; Path=/', expected: 'sid=1; Path=/; Secure; HttpOnly; SameSite=Strict' },
  { desc: 'flags: an existing SameSite is replaced in place', rules: { flags: [{ cookie: 'SID', flags: ['samesite=none'] }] }, header: 'sid=1; SameSite=Lax; Path=/', expected: 'sid=1; SameSite=None; Path=/' },
  { desc: 'flags: no… removes', rules: { flags: [{ cookie: '~^f', flags: ['nosecure', 'nohttponly', 'nosamesite'] }] }, header: 'flag=4; Secure; HttpOnly; SameSite=None', expected: 'flag=4' },
  { desc: 'flags: already present is only normalised', rules: { flags: [{ cookie: 'a', flags: ['secure'] }] }, header: 'a=1;secure', expected: 'a=1; secure' },
  { desc: 'flags: only the first matching rule applies', rules: { flags: [{ cookie: '~.', flags: ['secure'] }, { cookie: 'a', flags: ['httponly'] }] }, header: 'a=1', expected: 'a=1; Secure' },
];

describe('proxy_cookie_* rewriting', () => {
  it.each(cases)('$desc', ({ rules, header, expected }) => {
    const rewrite = compileCookieRewriter({ ...none, ...rules })!;
    expect(rewrite(header, ctx)).toBe(expected);
  });

  it('no rules: no rewriter', () => {
    expect(compileCookieRewriter(none)).toBeNull();
    expect(compileCookieRewriter(undefined)).toBeNull();
  });
});
