import { describe, expect, it } from 'vitest';
import { getPath, setPath, stripUiKeys } from './paths.ts';

describe('form paths', () => {
  const value = { locations: [{ path: '/', policies: { timeouts: { readMs: 1 } } }], names: ['a'] };

  it.each([
    { desc: 'a nested leaf', path: 'locations.0.policies.timeouts.readMs', expected: 1 },
    { desc: 'an array item', path: 'names.0', expected: 'a' },
    { desc: 'a missing branch', path: 'locations.3.path', expected: undefined },
    { desc: 'the root', path: '', expected: value },
  ])('gets $desc', ({ path, expected }) => {
    expect(getPath(value, path)).toEqual(expected);
  });

  it('sets without touching the original, creating missing objects', () => {
    const next = setPath(value, 'locations.0.policies.cache.zone', 'z');
    expect(getPath(next, 'locations.0.policies.cache.zone')).toBe('z');
    expect(getPath(next, 'locations.0.policies.timeouts.readMs')).toBe(1);
    expect(getPath(value, 'locations.0.policies.cache')).toBeUndefined();
    expect(next.names).toBe(value.names);
  });

  it('deletes an object key when set to undefined', () => {
    const next = setPath(value, 'locations.0.policies.timeouts', undefined);
    expect(Object.keys(next.locations[0]!.policies)).toEqual([]);
  });

  it('strips client-only list keys', () => {
    expect(stripUiKeys({ servers: [{ _key: 'k1', address: 'x' }] })).toEqual({ servers: [{ address: 'x' }] });
  });
});
