import { describe, expect, it } from 'vitest';
import { queryArg } from './query-args.ts';

// Checked against nginx 1.22 (test/conformance/keys-args.test.ts holds the same cases).
describe('$arg_name', () => {
  it.each([
    { query: 'FOO=1&Bar=2&foo=3', name: 'foo', expected: '1' },
    { query: 'foo&foo=2', name: 'foo', expected: '2' },
    { query: 'xfoo=1&foo=2', name: 'foo', expected: '2' },
    { query: 'Foo=&foo=z', name: 'foo', expected: '' },
    { query: ';foo=1', name: 'foo', expected: undefined },
    { query: 'a=1;foo=2&foo=3', name: 'foo', expected: '3' },
    { query: 'foo=a%20b+c', name: 'foo', expected: 'a%20b+c' },
    { query: '', name: 'foo', expected: undefined },
  ])('$query → $expected', ({ query, name, expected }) => {
    expect(queryArg(query, name)).toBe(expected);
  });
});
