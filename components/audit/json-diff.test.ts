import { describe, expect, it } from 'vitest';
import { diffJson } from './json-diff.ts';

describe('diffJson', () => {
  it.each([
    { desc: 'a changed leaf', before: { a: 1, b: { c: 'x' } }, after: { a: 1, b: { c: 'y' } }, expected: [{ path: 'b.c', before: '"x"', after: '"y"' }] },
    { desc: 'a created object', before: null, after: { name: 'p' }, expected: [{ path: 'name', before: undefined, after: '"p"' }] },
    { desc: 'arrays of objects by index', before: { s: [{ w: 1 }] }, after: { s: [{ w: 2 }, { w: 1 }] }, expected: [{ path: 's.0.w', before: '1', after: '2' }, { path: 's.1.w', before: undefined, after: '1' }] },
    { desc: 'arrays of scalars whole', before: { n: ['a'] }, after: { n: ['a', 'b'] }, expected: [{ path: 'n', before: '["a"]', after: '["a","b"]' }] },
    { desc: 'timestamps ignored', before: { updatedAt: 'x', a: 1 }, after: { updatedAt: 'y', a: 1 }, expected: [] },
  ])('$desc', ({ before, after, expected }) => {
    expect(diffJson(before, after)).toEqual(expected);
  });
});
