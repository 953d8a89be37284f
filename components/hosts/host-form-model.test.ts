import { describe, expect, it } from 'vitest';
import { placeEngineError, type HostFormValue } from './host-form-model.ts';

const host = {
  serverNames: ['a.test'],
  policies: { cache: { zone: 'z' } },
  locations: [
    { _key: 'a', path: '/', action: { kind: 'return', status: 200 }, policies: { rateLimits: [{ zone: 'r' }] } },
    { _key: 'b', path: '/b/', action: { kind: 'return', status: 200 }, policies: {} },
  ],
} as unknown as HostFormValue;

describe('placeEngineError', () => {
  it.each([
    { desc: 'a policy path without its segment', path: 'locations.0.rateLimits.0.zone', expected: 'locations.0.policies.rateLimits.0.zone' },
    { desc: 'an inherited section, at the host', path: 'locations.1.policies.cache.zone', expected: 'policies.cache.zone' },
    { desc: 'a section neither sets stays at the location', path: 'locations.1.timeouts.readMs', expected: 'locations.1.policies.timeouts.readMs' },
    { desc: 'a non-policy path unchanged', path: 'locations.1.action.poolId', expected: 'locations.1.action.poolId' },
    { desc: 'a host path unchanged', path: 'serverNames', expected: 'serverNames' },
  ])('places $desc', ({ path, expected }) => {
    expect(placeEngineError(path, host)).toBe(expected);
  });
});
