// Amazon Route 53's REST API 2013-04-01 (docs.aws.amazon.com/Route53/latest/APIReference),
// signed with SigV4: the hosted zone found with GET /hostedzonesbyname?dnsname=, the TXT
// set read with GET /hostedzone/{id}/rrset?name=&type=TXT and written whole with POST
// /hostedzone/{id}/rrset (UPSERT with the values it should hold, DELETE of the exact set
// when none is left): a wildcard's and its apex's values share one set. Answers are XML.
import { signV4 } from './aws-sigv4.ts';
import { callApi } from './http-api.ts';
import { candidateZones, CHALLENGE_TTL_SECONDS, DnsProviderError, type DnsProviderClient, type TxtRecord } from './provider.ts';

export const ROUTE53_API = 'https://route53.amazonaws.com';
const VERSION = '2013-04-01';

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const xmlUnescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const all = (xml: string, tag: string) => [...xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]!);
const first = (xml: string, tag: string) => all(xml, tag)[0];

interface Route53Settings {
  accessKeyId: string;
  secretAccessKey: string;
  hostedZoneId?: string | undefined;
}

export function route53Provider(settings: Route53Settings, base = ROUTE53_API): DnsProviderClient {
  const call = async (method: string, path: string, body = '') => {
    const url = new URL(`${base}/${VERSION}${path}`);
    const signed = signV4({ method, url, body, accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey, region: 'us-east-1', service: 'route53' });
    const answer = await callApi(
      { provider: 'Route 53', method, url: url.toString(), headers: { ...signed, ...(body ? { 'content-type': 'text/xml' } : {}) }, ...(body ? { body } : {}) },
      (a) => {
        const error = first(a.text, 'Error') ?? '';
        const code = first(error, 'Code');
        return code ? `${code}: ${xmlUnescape(first(error, 'Message') ?? '')}` : a.text.slice(0, 200);
      },
    );
    return answer.text;
  };
  const zoneOf = async (record: TxtRecord): Promise<string> => {
    if (settings.hostedZoneId) return settings.hostedZoneId;
    const candidates = record.zone ? [record.zone] : candidateZones(record.name);
    for (const zone of candidates) {
      const xml = await call('GET', `/hostedzonesbyname?dnsname=${encodeURIComponent(zone)}&maxitems=1`);
      // The list starts at the name, in order: the first zone may be another one.
      for (const hz of all(xml, 'HostedZone')) {
        if (first(hz, 'Name') === `${zone}.` && first(hz, 'PrivateZone') !== 'true') return first(hz, 'Id')!.replace(/^\/hostedzone\//, '');
      }
    }
    throw new DnsProviderError('dns_zone_not_found', `No public Route 53 hosted zone of this account holds ${record.name} (tried ${candidates.join(', ')}).`);
  };
  const currentValues = async (zoneId: string, name: string): Promise<string[]> => {
    const xml = await call('GET', `/hostedzone/${zoneId}/rrset?name=${encodeURIComponent(name)}&type=TXT&maxitems=1`);
    const set = all(xml, 'ResourceRecordSet').find((s) => first(s, 'Name') === `${name}.` && first(s, 'Type') === 'TXT');
    return set ? all(set, 'Value').map((v) => xmlUnescape(v).replace(/^"(.*)"$/, '$1')) : [];
  };
  const change = (zoneId: string, action: 'UPSERT' | 'DELETE', name: string, values: string[]) =>
    call(
      'POST',
      `/hostedzone/${zoneId}/rrset`,
      `<?xml version="1.0" encoding="UTF-8"?>\n<ChangeResourceRecordSetsRequest xmlns="https://route53.amazonaws.com/doc/${VERSION}/"><ChangeBatch><Comment>ACME DNS-01 challenge (Portico)</Comment><Changes><Change><Action>${action}</Action><ResourceRecordSet><Name>${xmlEscape(name)}.</Name><Type>TXT</Type><TTL>${CHALLENGE_TTL_SECONDS}</TTL><ResourceRecords>${values.map((v) => `<ResourceRecord><Value>"${xmlEscape(v)}"</Value></ResourceRecord>`).join('')}</ResourceRecords></ResourceRecordSet></Change></Changes></ChangeBatch></ChangeResourceRecordSetsRequest>`,
    );
  return {
    async set(record) {
      const zoneId = await zoneOf(record);
      const values = await currentValues(zoneId, record.name);
      if (!values.includes(record.value)) await change(zoneId, 'UPSERT', record.name, [...values, record.value]);
    },
    async clear(record) {
      const zoneId = await zoneOf(record);
      const values = await currentValues(zoneId, record.name);
      if (!values.includes(record.value)) return;
      const rest = values.filter((v) => v !== record.value);
      if (rest.length > 0) await change(zoneId, 'UPSERT', record.name, rest);
      else await change(zoneId, 'DELETE', record.name, values);
    },
  };
}
