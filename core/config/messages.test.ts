// Validation messages are plain sentences everywhere in the model: every field of a host
// (with every policy), a pool, the zones and the settings is given each kind of wrong
// value, and no message reads like zod's ("Invalid input: expected number, received
// object"), repeats a long input, or runs on. Then the messages a person meets most.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { HostInput } from './host.ts';
import { PoolInput } from './pool.ts';
import { GlobalSettings } from './settings.ts';
import { CacheZoneInput, LimitZoneInput } from './zones.ts';
import { quote } from './messages.ts';
import { UpstreamAddress } from './primitives.ts';

const LONG = 'x'.repeat(10_000);
const WRONG_VALUES: unknown[] = ['abc', -1, 1.5, 1e20, Number.NaN, {}, [], null, true, LONG, [LONG], { [LONG]: 1 }];

/** zod's own wording, which no message may use. */
const ZOD_WORDING = /Invalid input|expected \w+, received|Too (big|small)|Unrecognized key|Invalid (option|string|number|key|value)|expected (string|number|array|object) to/;

const location = {
  path: '/api/',
  action: { kind: 'proxy', address: '127.0.0.1:3000', uri: '/' },
  policies: {
    proxyHeaders: [{ name: 'X-A', value: 'b' }],
    responseHeaders: { add: [{ name: 'X-B', value: 'c', always: true }], hide: ['X-C'] },
    cache: { zone: 'c', valid: [{ statuses: [200], ttlMs: 1000 }], bypass: [{ source: 'header', name: 'x' }] },
    rateLimits: [{ zone: 'r', burst: 5 }],
    connLimits: [{ zone: 'c', max: 5 }],
    access: { rules: [{ action: 'allow', source: '10.0.0.0/8' }], basicAuth: { users: [{ username: 'u', passwordHash: '$2y$10$abc' }] } },
    cors: { origins: ['https://a.test'] },
    securityHeaders: { preset: 'basic', frameOptions: 'DENY' },
    maxBodyBytes: 1024,
    timeouts: { connectMs: 1000 },
    compression: { level: 5 },
    retry: { tries: 2 },
    rewrites: [{ regex: '^/a', replacement: '/b', flag: 'last' }],
    expiresMs: 1000,
  },
};

const CASES: { name: string; schema: z.ZodType; valid: unknown }[] = [
  { name: 'host', schema: HostInput, valid: { serverNames: ['a.test'], errorPages: { '404': { body: 'x' } }, locations: [location, { path: '/s/', action: { kind: 'static', root: '/srv' } }, { path: '/r', action: { kind: 'redirect', url: 'https://b.test' } }, { path: '/x', action: { kind: 'return', status: 204 } }] } },
  { name: 'pool', schema: PoolInput, valid: { name: 'p', algorithm: 'HASH', balance: { hashKey: { source: 'uri' } }, healthCheck: { path: '/h' }, servers: [{ address: '10.0.0.1:80', weight: 2 }] } },
  { name: 'cache zone', schema: CacheZoneInput, valid: { name: 'c' } },
  { name: 'limit zone', schema: LimitZoneInput, valid: { name: 'r', kind: 'REQUEST', rate: { count: 10, per: 'second' } } },
  { name: 'settings', schema: GlobalSettings, valid: { trustedProxies: ['10.0.0.0/8'] } },
];

/** Every leaf (and every list) of a parsed value, as a path. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((v, i) => paths(v, [...prefix, i]))];
  if (value && typeof value === 'object') return [...(prefix.length ? [prefix] : []), ...Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]))];
  return [prefix];
}

function withValue(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<string | number, unknown>;
  copy[path[0]!] = withValue(copy[path[0]!], path.slice(1), value);
  return copy;
}

describe.each(CASES)('every field of a $name', ({ schema, valid }) => {
  const full = schema.parse(valid);
  const messages: { path: string; input: string; message: string }[] = [];
  for (const path of paths(full)) {
    for (const wrong of WRONG_VALUES) {
      const result = schema.safeParse(withValue(full, path, wrong));
      if (result.success) continue;
      for (const issue of result.error.issues) messages.push({ path: path.join('.'), input: typeof wrong === 'string' ? wrong.slice(0, 20) : JSON.stringify(wrong)?.slice(0, 20) ?? String(wrong), message: issue.message });
    }
  }

  it('was tried with wrong values at every field', () => {
    expect(messages.length).toBeGreaterThan(50);
  });

  it('says what is wrong in plain words', () => {
    expect(messages.filter((m) => ZOD_WORDING.test(m.message))).toEqual([]);
  });

  it('never repeats a long input, and stays short', () => {
    expect(messages.filter((m) => m.message.length > 200)).toEqual([]);
  });
});

describe('the messages people meet most', () => {
  const first = (schema: z.ZodType, value: unknown) => {
    const result = schema.safeParse(value);
    return result.success ? null : { path: result.error.issues[0]!.path.join('.'), message: result.error.issues[0]!.message };
  };
  const zone = { name: 'r', kind: 'REQUEST' };
  const server = (address: string) => ({ name: 'p', servers: [{ address }] });
  it.each([
    { desc: 'a rate of "abc"', schema: LimitZoneInput, value: { ...zone, rate: { count: 'abc', per: 'second' } }, expected: { path: 'rate.count', message: 'the rate must be a number of requests, such as 10' } },
    { desc: 'a rate of 0', schema: LimitZoneInput, value: { ...zone, rate: { count: 0, per: 'second' } }, expected: { path: 'rate.count', message: 'the rate must be at least 1 request' } },
    { desc: 'a port of 99999', schema: PoolInput, value: server('10.0.0.1:99999'), expected: { path: 'servers.0.address', message: 'the port must be a number from 1 to 65535' } },
    { desc: 'a port of 0', schema: PoolInput, value: server('backend.internal:0'), expected: { path: 'servers.0.address', message: 'the port must be a number from 1 to 65535' } },
    { desc: 'a port that is a word', schema: PoolInput, value: server('backend:http'), expected: { path: 'servers.0.address', message: 'the port must be a number from 1 to 65535' } },
    { desc: 'an IPv6 port out of range', schema: PoolInput, value: server('[::1]:70000'), expected: { path: 'servers.0.address', message: 'the port must be a number from 1 to 65535' } },
    { desc: 'IPv6 without brackets', schema: PoolInput, value: server('::1'), expected: { path: 'servers.0.address', message: 'write an IPv6 address in brackets with its port: [::1]:80' } },
    { desc: 'a host name with an underscore', schema: PoolInput, value: server('my_app:80'), expected: { path: 'servers.0.address', message: 'a host name uses only letters, digits, hyphens and dots' } },
    { desc: 'a 10,000-character address', schema: PoolInput, value: server(LONG), expected: { path: 'servers.0.address', message: 'must be at most 259 characters (a host name is at most 253)' } },
    { desc: 'a 10,000-character server name', schema: HostInput, value: { serverNames: [LONG] }, expected: { path: 'serverNames.0', message: 'must be at most 253 characters (the longest a DNS name can be)' } },
    { desc: 'a duration of "30s" sent as text', schema: PoolInput, value: { ...server('a:1'), keepalive: { idleTimeoutMs: '30s' } }, expected: { path: 'keepalive.idleTimeoutMs', message: 'must be a duration in milliseconds (a whole number: 30000 is 30 seconds)' } },
    { desc: 'a health check every 10 ms', schema: PoolInput, value: { ...server('a:1'), healthCheck: { intervalMs: 10 } }, expected: { path: 'healthCheck.intervalMs', message: 'must be at least 100 ms' } },
    { desc: 'a negative size', schema: CacheZoneInput, value: { name: 'c', maxSizeBytes: -5 }, expected: { path: 'maxSizeBytes', message: 'must not be negative' } },
    { desc: 'a cache of 10 bytes', schema: CacheZoneInput, value: { name: 'c', maxSizeBytes: 10 }, expected: { path: 'maxSizeBytes', message: 'must be at least 1 KiB' } },
    { desc: 'a status of 999', schema: HostInput, value: { serverNames: ['a.test'], locations: [{ path: '/', action: { kind: 'return', status: 999 } }] }, expected: { path: 'locations.0.action.status', message: 'must be at most 599' } },
    { desc: 'a status of "abc"', schema: HostInput, value: { serverNames: ['a.test'], locations: [{ path: '/', action: { kind: 'return', status: 'abc' } }] }, expected: { path: 'locations.0.action.status', message: 'must be a number' } },
    { desc: 'an action of an unknown kind', schema: HostInput, value: { serverNames: ['a.test'], locations: [{ path: '/', action: { kind: 'teleport' } }] }, expected: { path: 'locations.0.action.kind', message: 'must be one of "proxy", "static", "redirect" or "return"' } },
    { desc: 'expires of "soon"', schema: HostInput, value: { serverNames: ['a.test'], policies: { expiresMs: 'soon' } }, expected: { path: 'policies.expiresMs', message: 'must be a duration in milliseconds (a whole number: 30000 is 30 seconds), "max", "epoch", "off" or a value with a variable ("$expires" from a map)' } },
    { desc: 'a missing field', schema: PoolInput, value: { name: 'p' }, expected: { path: 'servers', message: 'required' } },
  ])('$desc', ({ schema, value, expected }) => {
    expect(first(schema, value)).toEqual(expected);
  });

  it('repeats input only cut short', () => {
    expect(quote(LONG)).toHaveLength(60 + 3);
    const duplicate = first(HostInput, { serverNames: ['a'.repeat(60) + '.test', 'a'.repeat(60) + '.test'] });
    expect(duplicate!.message.length).toBeLessThan(90);
    expect(UpstreamAddress.safeParse(`[${'f'.repeat(200)}]:80`).error!.issues[0]!.message.length).toBeLessThan(90);
  });
});
