import { describe, expect, it } from 'vitest';
import type { MatchKind } from '../../core/config/location.ts';
import { HostMatcher, normalizeHostHeader } from '../../core/config/host-matcher.ts';
import { LocationMatcher } from './location-matcher.ts';

describe('HostMatcher (nginx server_name precedence)', () => {
  const matcher = new HostMatcher([
    { host: 'regex-first', serverNames: ['~^(?<sub>api\\d+)\\.example\\.com$'], defaultServer: false },
    { host: 'exact', serverNames: ['www.example.com', 'example.com'], defaultServer: false },
    { host: 'lead-short', serverNames: ['*.example.com'], defaultServer: false },
    { host: 'lead-long', serverNames: ['*.eu.example.com'], defaultServer: false },
    { host: 'trail', serverNames: ['www.example.*', 'mail.*'], defaultServer: false },
    { host: 'dot', serverNames: ['.example.org'], defaultServer: false },
    { host: 'regex-second', serverNames: ['~^api\\d+\\..*$'], defaultServer: false },
    { host: 'fallback', serverNames: ['fallback.test'], defaultServer: true },
  ]);
  const cases = [
    { desc: 'exact beats wildcard', input: 'www.example.com', host: 'exact', reason: 'exact' },
    { desc: 'leading wildcard', input: 'shop.example.com', host: 'lead-short', reason: 'leading_wildcard' },
    { desc: 'longest leading wildcard', input: 'a.eu.example.com', host: 'lead-long', reason: 'leading_wildcard' },
    { desc: 'leading wildcard any depth', input: 'a.b.example.com', host: 'lead-short', reason: 'leading_wildcard' },
    { desc: 'leading wildcard beats regex', input: 'api1.example.com', host: 'lead-short', reason: 'leading_wildcard' },
    { desc: 'trailing wildcard', input: 'www.example.net', host: 'trail', reason: 'trailing_wildcard' },
    { desc: 'trailing wildcard multi-label', input: 'mail.example.co.uk', host: 'trail', reason: 'trailing_wildcard' },
    { desc: 'dot form matches base', input: 'example.org', host: 'dot', reason: 'exact' },
    { desc: 'dot form matches subdomain', input: 'x.example.org', host: 'dot', reason: 'leading_wildcard' },
    { desc: 'first regex in order', input: 'api7.example.net', host: 'regex-second', reason: 'regex' },
    { desc: 'default server', input: 'unknown.test', host: 'fallback', reason: 'default' },
  ];
  it.each(cases)('$desc', ({ input, host, reason }) => {
    expect(matcher.match(input)).toMatchObject({ host, reason });
  });
  it('returns null without a default server', () => {
    expect(new HostMatcher([{ host: 'a', serverNames: ['a.test'], defaultServer: false }]).match('b.test')).toBeNull();
  });
  it.each([
    ['Example.COM', 'example.com'],
    ['example.com:8080', 'example.com'],
    ['example.com.', 'example.com'],
    ['[::1]:80', '[::1]'],
    ['bad host', null],
    ['a:b', null],
    ['', null],
    ['a..b', null],
  ])('normalizeHostHeader(%j) = %j', (input, expected) => {
    expect(normalizeHostHeader(input)).toBe(expected);
  });
});

describe('LocationMatcher (nginx location precedence)', () => {
  const loc = (name: string, matchKind: MatchKind, path: string, autoRedirect = false) => ({ location: name, matchKind, path, autoRedirect });
  const matcher = new LocationMatcher([
    loc('root', 'PREFIX', '/'),
    loc('health', 'EXACT', '/health'),
    loc('api', 'PREFIX', '/api/', true),
    loc('api-v2', 'PREFIX', '/api/v2/', true),
    loc('static', 'PREFIX_NOREGEX', '/static/'),
    loc('images', 'REGEX_ICASE', '\\.(png|jpg)$'),
    loc('php', 'REGEX', '\\.php$'),
    loc('php-any', 'REGEX', '^/app/.*\\.php$'),
    loc('docs', 'PREFIX', '/docs'),
    loc('docs-slash', 'PREFIX', '/docs/', true),
  ]);
  const cases = [
    { desc: 'exact', input: '/health', location: 'health', reason: 'exact' },
    { desc: 'exact does not match longer', input: '/health/x', location: 'root', reason: 'prefix' },
    { desc: 'longest prefix', input: '/api/v2/users', location: 'api-v2', reason: 'prefix' },
    { desc: 'regex beats prefix', input: '/api/logo.PNG', location: 'images', reason: 'regex' },
    { desc: '^~ stops regex', input: '/static/logo.png', location: 'static', reason: 'prefix_noregex' },
    { desc: 'regex in configuration order', input: '/app/index.php', location: 'php', reason: 'regex' },
    { desc: 'fallback to root', input: '/other', location: 'root', reason: 'prefix' },
    { desc: 'auto redirect for slashless proxy prefix', input: '/api', location: 'api', reason: 'auto_redirect' },
    { desc: 'no auto redirect when a prefix equals the path', input: '/docs', location: 'docs', reason: 'prefix' },
    { desc: 'case-sensitive regex', input: '/x.PHP', location: 'root', reason: 'prefix' },
  ];
  it.each(cases)('$desc', ({ input, location, reason }) => {
    expect(matcher.match(input)).toMatchObject({ location, reason });
  });
  it('returns null when nothing matches', () => {
    expect(new LocationMatcher([loc('a', 'PREFIX', '/a/')]).match('/b')).toBeNull();
  });
  it('exposes regex captures', () => {
    const m = new LocationMatcher([loc('u', 'REGEX', '^/users/(?<id>\\d+)$')]).match('/users/42');
    expect(m?.captures?.[1]).toBe('42');
    expect(m?.named?.id).toBe('42');
  });
});
