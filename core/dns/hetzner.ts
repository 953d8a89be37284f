// Hetzner's DNS API (dns.hetzner.com/api-docs): the Auth-API-Token header; the zone found
// with GET /zones?name=; records created with POST /records { zone_id, type, name
// (relative), value, ttl }, listed with GET /records?zone_id=, removed with DELETE
// /records/{id}. Errors carry { message } or { error: { message, code } }.
import { callApi, jsonMessage, parseJson, relativeName } from './http-api.ts';
import { candidateZones, CHALLENGE_TTL_SECONDS, DnsProviderError, type DnsProviderClient, type TxtRecord } from './provider.ts';

export const HETZNER_API = 'https://dns.hetzner.com/api/v1';

export function hetznerProvider(settings: { apiToken: string }, base = HETZNER_API): DnsProviderClient {
  const call = (method: string, path: string, body?: unknown) =>
    callApi(
      { provider: 'Hetzner DNS', method, url: `${base}${path}`, headers: { 'auth-api-token': settings.apiToken, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) },
      (a) => jsonMessage(a, (b: { message?: string; error?: { message?: string } }) => b?.error?.message || b?.message),
    );
  const zoneOf = async (record: TxtRecord): Promise<{ id: string; name: string }> => {
    const candidates = record.zone ? [record.zone] : candidateZones(record.name);
    for (const zone of candidates) {
      try {
        const found = parseJson<{ zones: { id: string; name: string }[] }>('Hetzner DNS', await call('GET', `/zones?name=${encodeURIComponent(zone)}`));
        const match = found.zones?.find((z) => z.name === zone);
        if (match) return match;
      } catch (error) {
        if (!(error instanceof DnsProviderError && / HTTP 404:/.test(error.message))) throw error;
      }
    }
    throw new DnsProviderError('dns_zone_not_found', `No Hetzner DNS zone of this token holds ${record.name} (tried ${candidates.join(', ')}).`);
  };
  return {
    async set(record) {
      const zone = await zoneOf(record);
      await call('POST', '/records', { zone_id: zone.id, type: 'TXT', name: relativeName(record.name, zone.name), value: record.value, ttl: CHALLENGE_TTL_SECONDS });
    },
    async clear(record) {
      const zone = await zoneOf(record);
      const name = relativeName(record.name, zone.name);
      const listed = parseJson<{ records: { id: string; type: string; name: string; value: string }[] }>('Hetzner DNS', await call('GET', `/records?zone_id=${encodeURIComponent(zone.id)}`));
      for (const r of listed.records.filter((r) => r.type === 'TXT' && r.name === name && r.value.replace(/^"(.*)"$/, '$1') === record.value)) await call('DELETE', `/records/${r.id}`);
    },
  };
}
