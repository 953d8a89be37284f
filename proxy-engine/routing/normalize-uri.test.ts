import { describe, expect, it } from 'vitest';
import { normalizeTarget } from './normalize-uri.ts';

describe('normalizeTarget', () => {
  const cases: { desc: string; input: string; path?: string; query?: string; rejected?: boolean }[] = [
    { desc: 'plain path', input: '/api/users', path: '/api/users', query: '' },
    { desc: 'query kept raw', input: '/a?x=%2F&y=1 ', path: '/a', query: 'x=%2F&y=1 ' },
    { desc: 'unreserved escapes decoded', input: '/%41%62%7e%2D', path: '/Ab~-' },
    { desc: 'sub-delims decoded', input: '/a%21%28b%29', path: '/a!(b)' },
    { desc: 'lowercase escape upper-cased when kept', input: '/a%2fb', path: '/a%2Fb' },
    { desc: 'encoded slash stays data', input: '/a%2F..%2Fadmin', path: '/a%2F..%2Fadmin' },
    { desc: 'encoded dot-dot resolves', input: '/a/%2e%2e/admin', path: '/admin' },
    { desc: 'mixed-case encoded dot-dot', input: '/a/.%2E/admin', path: '/admin' },
    { desc: 'dot segment', input: '/a/./b', path: '/a/b' },
    { desc: 'trailing dot-dot keeps directory', input: '/a/b/..', path: '/a/' },
    { desc: 'trailing dot keeps directory', input: '/a/.', path: '/a/' },
    { desc: 'merge slashes', input: '//a///b/', path: '/a/b/' },
    { desc: 'root', input: '/', path: '/' },
    { desc: 'space stays encoded', input: '/a%20b', path: '/a%20b' },
    { desc: 'raw latin1 byte encoded', input: '/caf\u00e9', path: '/caf%E9' },
    { desc: 'utf-8 escapes kept encoded', input: '/caf%c3%a9', path: '/caf%C3%A9' },
    { desc: 'percent stays encoded', input: '/100%25', path: '/100%25' },
    { desc: 'fragment dropped', input: '/a#frag', path: '/a' },
    { desc: 'climb above root', input: '/../etc/passwd', rejected: true },
    { desc: 'encoded climb above root', input: '/a/%2e%2e/%2e%2e/x', rejected: true },
    { desc: 'NUL escape', input: '/a%00b', rejected: true },
    { desc: 'bad escape', input: '/a%G1', rejected: true },
    { desc: 'truncated escape', input: '/a%4', rejected: true },
    { desc: 'control char', input: '/a\u0001', rejected: true },
    { desc: 'not origin form', input: 'a/b', rejected: true },
  ];
  it.each(cases)('$desc', ({ input, path, query, rejected }) => {
    const result = normalizeTarget(input);
    if (rejected) {
      expect(result.ok).toBe(false);
      return;
    }
    expect(result).toMatchObject({ ok: true, path, ...(query === undefined ? {} : { query }) });
  });
});
