// Cloudflare's API v4 (developers.cloudflare.com/api): a bearer API token; the zone found
// with GET /zones?name=, TXT records created with POST /zones/{id}/dns_records and removed
// by id after GET /zones/{id}/dns_records?type=TXT&name=. Every answer is the envelope
// { success, errors: [{ code, message }], result }.
import { callApi, jsonMessage, parseJson } from './http-api.ts';
import { candidateZones, CHALLENGE_TTL_SECONDS, DnsProviderError, type DnsProviderClient, type TxtRecord } from './provider.ts';

export const CLOUDFLARE_API = 'https://api.cloudflare.com/client/v4';

type Envelope<T> = { success: boolean; errors: { code: number; message: string }[]; result: T };

export function cloudflareProvider(settings: { apiToken: string }, base = CLOUDFLARE_API): DnsProviderClient {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const answer = await callApi(
      { provider: 'Cloudflare', method, url: `${base}${path}`, headers: { authorization: `Bearer ${settings.apiToken}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) },
      (a) => jsonMessage(a, (b: Envelope<unknown>) => b?.errors?.map((e) => `${e.message} (code ${e.code})`).join('; ')),
    );
    const envelope = parseJson<Envelope<T>>('Cloudflare', answer);
    if (!envelope.success) throw new DnsProviderError('dns_provider_error', `Cloudflare refused ${method} ${path}: ${envelope.errors.map((e) => e.message).join('; ')}`);
    return envelope.result;
  };
  const zoneId = async (record: TxtRecord): Promise<string> => {
    const candidates = record.zone ? [record.zone] : candidateZones(record.name);
    for (const zone of candidates) {
      const found = await call<{ id: string; name: string }[]>('GET', `/zones?name=${encodeURIComponent(zone)}`);
      if (found.length > 0) return found[0]!.id;
    }
    throw new DnsProviderError('dns_zone_not_found', `No Cloudflare zone this token can see holds ${record.name} (tried ${candidates.join(', ')}): add the domain to the account, or give the token Zone:Read on it.`);
  };
  // Cloudflare may show TXT content quoted ("\"value\"").
  const unquote = (content: string) => content.replace(/^"(.*)"$/, '$1');
  return {
    async set(record) {
      const zone = await zoneId(record);
      await call('POST', `/zones/${zone}/dns_records`, { type: 'TXT', name: record.name, content: record.value, ttl: CHALLENGE_TTL_SECONDS, comment: 'ACME DNS-01 challenge (Portico)' });
    },
    async clear(record) {
      const zone = await zoneId(record);
      const records = await call<{ id: string; content: string }[]>('GET', `/zones/${zone}/dns_records?type=TXT&name=${encodeURIComponent(record.name)}`);
      for (const r of records.filter((r) => unquote(r.content) === record.value)) await call('DELETE', `/zones/${zone}/dns_records/${r.id}`);
    },
  };
}
