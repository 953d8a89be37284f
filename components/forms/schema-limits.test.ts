import { describe, expect, it } from 'vitest';
import { HostInput } from '@/core/config/host.ts';
import { PoolInput } from '@/core/config/pool.ts';
import { LimitZoneInput } from '@/core/config/zones.ts';
import { maxLengthAt } from './schema-limits.ts';

describe('the text limit of a form field, from the model', () => {
  it.each([
    { desc: 'a server name (through the transform)', schema: HostInput, path: 'serverNames.0', expected: 253 },
    { desc: 'a proxy address (inside the action union)', schema: HostInput, path: 'locations.3.action.address', expected: 259 },
    { desc: 'a location path', schema: HostInput, path: 'locations.0.path', expected: 2048 },
    { desc: 'a header value (inside optional policies)', schema: HostInput, path: 'policies.proxyHeaders.0.value', expected: 8192 },
    { desc: 'an error page body (a record value)', schema: HostInput, path: 'errorPages.404.body', expected: 65536 },
    { desc: 'a pool name', schema: PoolInput, path: 'name', expected: 64 },
    { desc: 'a server address', schema: PoolInput, path: 'servers.12.address', expected: 259 },
    { desc: 'a key part name', schema: LimitZoneInput, path: 'key.parts.0.name', expected: 256 },
  ])('$desc', ({ schema, path, expected }) => expect(maxLengthAt(schema, path)).toBe(expected));

  it.each([
    { desc: 'a number', path: 'servers.0.weight' },
    { desc: 'an unknown field', path: 'nope' },
  ])('has none for $desc', ({ path }) => expect(maxLengthAt(PoolInput, path)).toBeUndefined());
});
