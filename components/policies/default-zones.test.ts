import { describe, expect, it } from 'vitest';
import { defaultZonesToCreate, initialZone, zoneState } from './default-zones.ts';
import { NO_ZONES, type ZoneNames } from './zones-context.tsx';

const SOME: ZoneNames = { cache: [{ name: 'static', detail: '1 GiB on disk, 80,000 keys' }], request: [{ name: 'per_ip', detail: '5 r/s per client address' }], connection: [] };

describe('default zones', () => {
  it('a switched-on section starts with the first existing zone, else the default', () => {
    expect([initialZone('cache', SOME), initialZone('request', SOME), initialZone('connection', SOME)]).toEqual(['static', 'per_ip', 'per-client-connections']);
    expect(initialZone('cache', NO_ZONES)).toBe('default');
  });

  it('says what a reference stands for', () => {
    expect(zoneState('request', 'per_ip', SOME)).toEqual({ kind: 'exists', detail: '5 r/s per client address' });
    expect(zoneState('request', 'per-client', SOME)).toEqual({ kind: 'to-create', detail: '10 r/s per client address' });
    expect(zoneState('cache', 'default', NO_ZONES)).toEqual({ kind: 'to-create', detail: '1 GiB on disk, 80,000 keys' });
    expect(zoneState('cache', 'gone', SOME)).toEqual({ kind: 'missing' });
  });

  const cases: { desc: string; host: Parameters<typeof defaultZonesToCreate>[0]; zones: ZoneNames; expected: string[] }[] = [
    { desc: 'nothing refers to a zone', host: { policies: {}, locations: [{ policies: {} }] }, zones: NO_ZONES, expected: [] },
    {
      desc: 'defaults referred to by locations and the host, none existing',
      host: { policies: { connLimits: [{ zone: 'per-client-connections' }] }, locations: [{ policies: { cache: { zone: 'default' } } }, { policies: { rateLimits: [{ zone: 'per-client' }, { zone: 'per-client' }] } }] },
      zones: NO_ZONES,
      expected: ['cache', 'request', 'connection'],
    },
    { desc: 'a default that already exists', host: { locations: [{ policies: { cache: { zone: 'default' } } }] }, zones: { ...NO_ZONES, cache: [{ name: 'default', detail: '' }] }, expected: [] },
    { desc: 'other names are never created', host: { locations: [{ policies: { cache: { zone: 'mine' }, rateLimits: [{ zone: 'per_ip' }] } }] }, zones: NO_ZONES, expected: [] },
  ];
  it.each(cases)('creates on save: $desc', ({ host, zones, expected }) => {
    expect(defaultZonesToCreate(host, zones)).toEqual(expected);
  });
});
