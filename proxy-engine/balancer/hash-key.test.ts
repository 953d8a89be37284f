import { describe, expect, it } from 'vitest';
import { compileHashKey, unknownVariables } from './hash-key.ts';
import { context } from '../../test/helpers/balancer-support.ts';

describe('hash keys', () => {
  const ctx = context({
    clientIp: '203.0.113.5',
    uri: '/shop/cart?id=42&Lang=de&flag&empty=',
    headers: { 'x-user': 'u-17', host: 'example.com' },
    cookies: { sid: 'abc' },
  });
  const cases = [
    { desc: 'client address', key: { source: 'client_ip' as const }, expected: '203.0.113.5' },
    { desc: 'request URI with arguments', key: { source: 'uri' as const }, expected: '/shop/cart?id=42&Lang=de&flag&empty=' },
    { desc: 'header, any case', key: { source: 'header' as const, name: 'X-User' }, expected: 'u-17' },
    { desc: 'missing header', key: { source: 'header' as const, name: 'X-Missing' }, expected: '' },
    { desc: 'cookie', key: { source: 'cookie' as const, name: 'sid' }, expected: 'abc' },
    { desc: 'template with variables and text', key: { source: 'template' as const, name: '$request_uri|$http_x_user' }, expected: '/shop/cart?id=42&Lang=de&flag&empty=|u-17' },
    { desc: 'braces', key: { source: 'template' as const, name: '${cookie_sid}x$remote_addr' }, expected: 'abc' + 'x203.0.113.5' },
    { desc: '$uri and $args', key: { source: 'template' as const, name: '$uri$is_args$args' }, expected: '/shop/cart?id=42&Lang=de&flag&empty=' },
    { desc: '$arg_ is case-insensitive and raw', key: { source: 'template' as const, name: '$arg_lang-$arg_ID' }, expected: 'de-42' },
    { desc: '$arg_ needs "name="', key: { source: 'template' as const, name: '[$arg_flag][$arg_empty]' }, expected: '[][]' },
    { desc: 'unknown variables are empty', key: { source: 'template' as const, name: 'a$nosuch' }, expected: 'a' },
  ];
  it.each(cases)('$desc', ({ key, expected }) => {
    expect(compileHashKey(key)(ctx)).toBe(expected);
  });

  it('defers to the engine expander when the context has one', () => {
    const keyOf = compileHashKey({ source: 'template', name: '$host$request_uri' });
    expect(keyOf({ ...ctx, vars: (t) => `expanded:${t}` })).toBe('expanded:$host$request_uri');
  });

  it('reports variables it cannot expand itself', () => {
    expect(unknownVariables('$host$request_uri${http_x}$arg_a$cookie_b$foo')).toEqual(['host', 'foo']);
  });
});
