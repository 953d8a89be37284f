import { describe, expect, it } from 'vitest';
import { upstreamTarget } from './proxy-uri.ts';

describe('upstreamTarget (proxy_pass URI rules)', () => {
  const cases = [
    { desc: 'no URI part passes the target as sent', requestUri: '/api/users', path: '/api/users', query: '', uri: null, prefix: '/api/', expected: '/api/users' },
    { desc: 'no URI part keeps escapes, dots and slashes as sent (nginx)', requestUri: '/api//a/./%7E%2Fb?q=%2F', path: '/api/a/~/b', query: 'q=%2F', uri: null, prefix: '/api/', expected: '/api//a/./%7E%2Fb?q=%2F' },
    { desc: 'no URI part drops a fragment', requestUri: '/api/x#top', path: '/api/x', query: '', uri: null, prefix: '/api/', expected: '/api/x' },
    { desc: 'no URI part escapes bytes a request line cannot carry', requestUri: '/api/caf\u00e9', path: '/api/caf%E9', query: '', uri: null, prefix: '/api/', expected: '/api/caf%E9' },
    { desc: 'no URI part sends a raw backslash in the path as %5C, the query as sent', requestUri: '/api/..\\admin?a=\\', path: '/api/..%5Cadmin', query: 'a=\\', uri: null, prefix: '/api/', expected: '/api/..%5Cadmin?a=\\' },
    { desc: 'trailing slash strips the prefix', requestUri: '/api/users', path: '/api/users', query: '', uri: '/', prefix: '/api/', expected: '/users' },
    { desc: 'a URI part sends the decoded path (%2F as "/")', requestUri: '/api/a%2Fb', path: '/api/a/b', query: '', uri: '/', prefix: '/api/', expected: '/a/b' },
    { desc: 'a URI part sends the kept form of a keep-encoded-slashes location', requestUri: '/api/a%2Fb', path: '/api/a%2Fb', query: '', uri: '/', prefix: '/api/', expected: '/a%2Fb' },
    { desc: 'explicit path replaces the prefix', requestUri: '/v2/users', path: '/v2/users', query: '', uri: '/api/v2/', prefix: '/v2/', expected: '/api/v2/users' },
    { desc: 'prefix equal to path', requestUri: '/api/', path: '/api/', query: '', uri: '/', prefix: '/api/', expected: '/' },
    { desc: 'query kept', requestUri: '/app/dashboard?a=1&b=%2F', path: '/app/dashboard', query: 'a=1&b=%2F', uri: '/', prefix: '/app/', expected: '/dashboard?a=1&b=%2F' },
    { desc: 'prefix without slash', requestUri: '/apix', path: '/apix', query: '', uri: '/', prefix: '/api', expected: '/x' },
    { desc: 'exact location', requestUri: '/health', path: '/health', query: '', uri: '/status', prefix: '/health', expected: '/status' },
    { desc: 'rewritten path passed whole', requestUri: '/old/x', path: '/new/x', query: '', uri: '/', prefix: '/old/', rewritten: true, expected: '/new/x' },
    { desc: 'rewritten path without a URI part', requestUri: '/old/x%2Fy', path: '/new/x/y', query: 'a=1', uri: null, prefix: '/old/', rewritten: true, expected: '/new/x/y?a=1' },
    { desc: 'after an internal redirect the current path', requestUri: '/spa/x', path: '/index.html', query: '', uri: null, prefix: '/', internalRedirects: 1, expected: '/index.html' },
  ];
  it.each(cases)('$desc', ({ requestUri, path, query, uri, prefix, rewritten, internalRedirects, expected }) => {
    const source = { requestUri, path, query, matchedPrefix: prefix, rewritten: rewritten ?? false, internalRedirects: internalRedirects ?? 0 };
    expect(upstreamTarget(source, uri)).toBe(expected);
  });
});
