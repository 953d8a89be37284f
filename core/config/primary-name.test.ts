import { describe, expect, it } from 'vitest';
import { exactServerName, primaryServerName } from './primary-name.ts';

describe('primaryServerName', () => {
  it.each([
    { desc: 'the first exact name', names: ['app.test', 'www.app.test'], expected: 'app.test' },
    { desc: 'skips wildcards and regexes', names: ['*.app.test', '~^a', 'app.test'], expected: 'app.test' },
    { desc: 'skips a trailing wildcard', names: ['app.*', 'www.app.test'], expected: 'www.app.test' },
    { desc: 'falls back to the first name', names: ['*.app.test', '~^b'], expected: '*.app.test' },
    { desc: 'a regex alone is its own name', names: ['~^api\\.'], expected: '~^api\\.' },
    { desc: 'no names: empty', names: [], expected: '' },
  ])('$desc', ({ names, expected }) => expect(primaryServerName(names)).toBe(expected));
});

describe('exactServerName', () => {
  it.each([
    { desc: 'the first exact name', names: ['~^a', 'app.test'], expected: 'app.test' },
    { desc: 'none when every name is a pattern', names: ['*.app.test', '~^a'], expected: undefined },
  ])('$desc', ({ names, expected }) => expect(exactServerName(names)).toBe(expected));
});
