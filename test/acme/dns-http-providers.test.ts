// The DNS hosts' API clients against local fakes of their documented request and response
// shapes (test/helpers/fake-dns-apis.ts): two values at one name (a wildcard and its apex)
// added and removed one at a time, the zone found from a deep name, and bad credentials
// and unknown zones in words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeCloudflare, fakeDigitalOcean, fakeHetzner, fakeRoute53, type FakeDnsApi } from '../helpers/fake-dns-apis.ts';
import { freePort } from '../helpers/ports.ts';
import { openProvider } from '../../core/dns/open-provider.ts';
import { DnsProviderError } from '../../core/dns/provider.ts';
import type { DnsProviderKind } from '../../core/dns/provider-settings.ts';

const ZONES = [
  { id: 'zone-a', name: 'example.com' },
  { id: 'zone-b', name: 'example.net' },
];

interface Case {
  kind: Exclude<DnsProviderKind, 'rfc2136' | 'exec'>;
  start: () => Promise<FakeDnsApi>;
  good: Record<string, string>;
  bad: Record<string, string>;
}

const cases: Case[] = [
  { kind: 'cloudflare', start: () => fakeCloudflare('cf-token', ZONES), good: { apiToken: 'cf-token' }, bad: { apiToken: 'wrong' } },
  { kind: 'digitalocean', start: () => fakeDigitalOcean('do-token', ZONES), good: { apiToken: 'do-token' }, bad: { apiToken: 'wrong' } },
  { kind: 'hetzner', start: () => fakeHetzner('hz-token', ZONES), good: { apiToken: 'hz-token' }, bad: { apiToken: 'wrong' } },
  {
    kind: 'route53',
    start: () => fakeRoute53('AKIAEXAMPLE123456', 'secret/key+EXAMPLE', ZONES),
    good: { accessKeyId: 'AKIAEXAMPLE123456', secretAccessKey: 'secret/key+EXAMPLE' },
    bad: { accessKeyId: 'AKIAEXAMPLE123456', secretAccessKey: 'not-the-secret' },
  },
];

describe.each(cases)('$kind provider (fake of its documented API)', ({ kind, start, good, bad }) => {
  let api: FakeDnsApi;
  beforeAll(async () => {
    api = await start();
  });
  afterAll(async () => api?.close());
  const client = (settings: Record<string, string>) => openProvider(kind, settings, { [kind]: api.base }).client;
  const values = (name: string) => api.records.filter((r) => r.name === name).map((r) => r.value).sort();

  it('adds two values at one name and removes exactly the one asked', async () => {
    const name = '_acme-challenge.deep.sub.example.com';
    await client(good).set({ name, value: 'wildcard-value' });
    await client(good).set({ name, value: 'apex-value' });
    expect(values(name)).toEqual(['apex-value', 'wildcard-value']);
    expect(api.records.every((r) => r.zone === 'example.com')).toBe(true);
    await client(good).clear({ name, value: 'wildcard-value' });
    expect(values(name)).toEqual(['apex-value']);
    await client(good).clear({ name, value: 'apex-value' });
    await client(good).clear({ name, value: 'apex-value' }); // gone already: nothing to do
    expect(api.records).toEqual([]);
  });

  it('says the credentials are refused, and changes nothing', async () => {
    const error = await client(bad).set({ name: '_acme-challenge.example.com', value: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DnsProviderError);
    expect((error as DnsProviderError).code).toBe('dns_credentials');
    expect((error as Error).message).toMatch(/API refused the credentials \(HTTP 40[13]: .+\): check the token and its permissions/);
    expect(api.records).toEqual([]);
  });

  it('says no zone of the account holds the name', async () => {
    const error = await client(good).set({ name: '_acme-challenge.example.org', value: 'x' }).catch((e: unknown) => e);
    expect((error as DnsProviderError).code).toBe('dns_zone_not_found');
    expect((error as Error).message).toMatch(/holds _acme-challenge\.example\.org \(tried example\.org, org\)/);
  });

  it('says when the API cannot be reached', async () => {
    const error = await openProvider(kind, good, { [kind]: `http://127.0.0.1:${await freePort()}` }).client.set({ name: '_acme-challenge.example.com', value: 'x' }).catch((e: unknown) => e);
    expect((error as DnsProviderError).code).toBe('dns_provider_error');
    expect((error as Error).message).toMatch(/API could not be reached \(.+\): ECONNREFUSED/);
  });
});
