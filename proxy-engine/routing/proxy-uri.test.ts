import { describe, expect, it } from 'vitest';
import { upstreamTarget } from './proxy-uri.ts';

describe('upstreamTarget (proxy_pass URI rules)', () => {
  const cases = [
    { desc: 'no URI part passes the path', path: '/api/users', query: '', uri: null, prefix: '/api/', expected: '/api/users' },
    { desc: 'trailing slash strips the prefix', path: '/api/users', query: '', uri: '/', prefix: '/api/', expected: '/users' },
    { desc: 'explicit path replaces the prefix', path: '/v2/users', query: '', uri: '/api/v2/', prefix: '/v2/', expected: '/api/v2/users' },
    { desc: 'prefix equal to path', path: '/api/', query: '', uri: '/', prefix: '/api/', expected: '/' },
    { desc: 'query kept', path: '/app/dashboard', query: 'a=1&b=%2F', uri: '/', prefix: '/app/', expected: '/dashboard?a=1&b=%2F' },
    { desc: 'prefix without slash', path: '/apix', query: '', uri: '/', prefix: '/api', expected: '/x' },
    { desc: 'exact location', path: '/health', query: '', uri: '/status', prefix: '/health', expected: '/status' },
    { desc: 'rewritten path passed whole', path: '/new/x', query: '', uri: '/', prefix: '/old/', rewritten: true, expected: '/new/x' },
  ];
  it.each(cases)('$desc', ({ path, query, uri, prefix, rewritten, expected }) => {
    expect(upstreamTarget(path, query, uri, prefix, rewritten ?? false)).toBe(expected);
  });
});
