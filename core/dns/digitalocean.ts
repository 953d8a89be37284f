// DigitalOcean's API v2 (docs.digitalocean.com/reference/api): a bearer token; the zone is
// the domain found with GET /domains/{name}; records are created with POST
// /domains/{domain}/records (name relative to the domain) and listed with
// ?type=TXT&name=<fully qualified name>. Errors are { id, message }.
import { callApi, jsonMessage, parseJson, relativeName } from './http-api.ts';
import { candidateZones, CHALLENGE_TTL_SECONDS, DnsProviderError, type DnsProviderClient, type TxtRecord } from './provider.ts';

export const DIGITALOCEAN_API = 'https://api.digitalocean.com/v2';

export function digitalOceanProvider(settings: { apiToken: string }, base = DIGITALOCEAN_API): DnsProviderClient {
  const call = (method: string, path: string, body?: unknown) =>
    callApi(
      { provider: 'DigitalOcean', method, url: `${base}${path}`, headers: { authorization: `Bearer ${settings.apiToken}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) },
      (a) => jsonMessage(a, (b: { id?: string; message?: string }) => (b?.message ? `${b.message}${b.id ? ` (${b.id})` : ''}` : undefined)),
    );
  const domainOf = async (record: TxtRecord): Promise<string> => {
    const candidates = record.zone ? [record.zone] : candidateZones(record.name);
    for (const zone of candidates) {
      try {
        await call('GET', `/domains/${encodeURIComponent(zone)}`);
        return zone;
      } catch (error) {
        if (!(error instanceof DnsProviderError && / HTTP 404:/.test(error.message))) throw error;
      }
    }
    throw new DnsProviderError('dns_zone_not_found', `No DigitalOcean domain of this account holds ${record.name} (tried ${candidates.join(', ')}).`);
  };
  return {
    async set(record) {
      const domain = await domainOf(record);
      await call('POST', `/domains/${domain}/records`, { type: 'TXT', name: relativeName(record.name, domain), data: record.value, ttl: CHALLENGE_TTL_SECONDS });
    },
    async clear(record) {
      const domain = await domainOf(record);
      const listed = parseJson<{ domain_records: { id: number; type: string; data: string }[] }>('DigitalOcean', await call('GET', `/domains/${domain}/records?type=TXT&name=${encodeURIComponent(record.name)}`));
      for (const r of listed.domain_records.filter((r) => r.type === 'TXT' && r.data === record.value)) await call('DELETE', `/domains/${domain}/records/${r.id}`);
    },
  };
}
