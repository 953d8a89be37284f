import { describe, expect, it } from 'vitest';
import { decodedUri, encodePathBytes, normalizeTarget } from './normalize-uri.ts';

describe('normalizeTarget', () => {
  // keptPath: the form with encoded slashes kept (only given where it differs from path).
  const cases: { desc: string; input: string; path?: string; keptPath?: string; query?: string; rejected?: boolean }[] = [
    { desc: 'plain path', input: '/api/users', path: '/api/users', query: '' },
    { desc: 'query kept raw', input: '/a?x=%2F&y=1 ', path: '/a', query: 'x=%2F&y=1 ' },
    { desc: 'unreserved escapes decoded', input: '/%41%62%7e%2D', path: '/Ab~-' },
    { desc: 'sub-delims decoded', input: '/a%21%28b%29', path: '/a!(b)' },
    { desc: 'encoded slash is a separator', input: '/admin%2Fsecret', path: '/admin/secret', keptPath: '/admin%2Fsecret' },
    { desc: 'lower-case encoded slash, kept form upper-cased', input: '/a%2fb', path: '/a/b', keptPath: '/a%2Fb' },
    { desc: 'leading encoded slash merges', input: '/%2Fadmin/x', path: '/admin/x', keptPath: '/%2Fadmin/x' },
    { desc: 'encoded slashes merge', input: '/%2F%2Fadmin%2F%2Fx', path: '/admin/x', keptPath: '/%2F%2Fadmin%2F%2Fx' },
    { desc: 'dot-dot before an encoded slash climbs', input: '/public/..%2Fadmin/x', path: '/admin/x', keptPath: '/public/..%2Fadmin/x' },
    { desc: 'encoded dots and slash', input: '/public/%2e%2e%2fadmin', path: '/admin', keptPath: '/public/..%2Fadmin' },
    { desc: 'encoded slash around dot-dot', input: '/a%2F..%2Fadmin', path: '/admin', keptPath: '/a%2F..%2Fadmin' },
    { desc: 'dot-dot resolving differently before and after decoding %2F', input: '/p/a%2Fb/../c', rejected: true },
    { desc: 'dot-dot reaching another location only when resolved first', input: '/public%2Fx/../admin/secret', rejected: true },
    { desc: 'dot-dot after a decoded-only segment, same either way', input: '/p/a%2Fb/./c', path: '/p/a/b/c', keptPath: '/p/a%2Fb/c' },
    { desc: 'double encoding decoded once', input: '/admin%252Fsecret', path: '/admin%252Fsecret' },
    { desc: 'encoded backslash is data', input: '/admin%5Csecret', path: '/admin%5Csecret' },
    { desc: 'raw backslash is data', input: '/a\\b', path: '/a%5Cb' },
    { desc: 'encoded dot-dot resolves', input: '/a/%2e%2e/admin', path: '/admin' },
    { desc: 'mixed-case encoded dot-dot', input: '/a/.%2E/admin', path: '/admin' },
    { desc: 'dot segment', input: '/a/./b', path: '/a/b' },
    { desc: 'trailing dot-dot keeps directory', input: '/a/b/..', path: '/a/' },
    { desc: 'trailing encoded dot-dot keeps directory', input: '/a/b%2F..', path: '/a/', keptPath: '/a/b%2F..' },
    { desc: 'trailing dot keeps directory', input: '/a/.', path: '/a/' },
    { desc: 'merge slashes', input: '//a///b/', path: '/a/b/' },
    { desc: 'dot-dot after merged slashes, same unmerged', input: '//a///b/./c', path: '/a/b/c' },
    { desc: 'dot-dot popping an empty segment when unmerged', input: '/admin//../x', rejected: true },
    { desc: 'dot-dot after an encoded double slash: one segment until decoded', input: '/admin%2F%2F..%2Fx', path: '/x', keptPath: '/admin%2F%2F..%2Fx' },
    { desc: 'dot-dot after a leading double slash, same unmerged', input: '//a/../b', path: '/b' },
    { desc: 'root', input: '/', path: '/' },
    { desc: 'space stays encoded', input: '/a%20b', path: '/a%20b' },
    { desc: 'raw latin1 byte encoded', input: '/caf\u00e9', path: '/caf%E9' },
    { desc: 'utf-8 escapes kept encoded', input: '/caf%c3%a9', path: '/caf%C3%A9' },
    { desc: 'percent stays encoded', input: '/100%25', path: '/100%25' },
    { desc: 'fragment dropped', input: '/a#frag', path: '/a' },
    { desc: 'climb above root', input: '/../etc/passwd', rejected: true },
    { desc: 'encoded climb above root', input: '/a/%2e%2e/%2e%2e/x', rejected: true },
    { desc: 'climb above root through encoded slashes', input: '/x/..%2F..%2Fadmin', rejected: true },
    { desc: 'climb above root, one encoded slash', input: '/..%2Fadmin', rejected: true },
    { desc: 'climb in the decoded reading only', input: '/..%2F/../x', rejected: true },
    { desc: 'NUL escape', input: '/a%00b', rejected: true },
    { desc: 'bad escape', input: '/a%G1', rejected: true },
    { desc: 'truncated escape', input: '/a%4', rejected: true },
    { desc: 'control char', input: '/a\u0001', rejected: true },
    { desc: 'not origin form', input: 'a/b', rejected: true },
  ];
  it.each(cases)('$desc', ({ input, path, keptPath, query, rejected }) => {
    const result = normalizeTarget(input);
    if (rejected) {
      expect(result.ok).toBe(false);
      return;
    }
    expect(result).toMatchObject({ ok: true, path, keptPath: keptPath ?? path, ...(query === undefined ? {} : { query }) });
  });
});

describe('decodedUri and encodePathBytes', () => {
  const cases: [string, string][] = [
    ['/plain/path', '/plain/path'],
    ['/a%20b', '/a b'],
    ['/caf%C3%A9', '/caf\xC3\xA9'],
    ['/100%25', '/100%'],
    ['/q%3Fx%23y', '/q?x#y'],
    ['/kept%2Fslash', '/kept%2Fslash'],
    ['/crlf%0D%0Ax%7F', '/crlf%0D%0Ax%7F'],
  ];
  for (const [canonical, decoded] of cases) {
    it(`${canonical} ↔ ${JSON.stringify(decoded)}`, () => {
      expect(decodedUri(canonical)).toBe(decoded);
      if (!canonical.includes('%2F') && !/%[01][0-9A-F]|%7F/.test(canonical)) expect(encodePathBytes(decoded)).toBe(canonical);
    });
  }
  it('a canonical path of the normaliser round-trips', () => {
    for (const raw of ['/a%20b/c%c3%a9', '/%7Euser/100%25', '/x%3f%23']) {
      const result = normalizeTarget(raw);
      if (!result.ok) throw new Error(raw);
      expect(encodePathBytes(decodedUri(result.path))).toBe(result.path);
    }
  });
});
