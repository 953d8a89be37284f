// RFC 2136 dynamic updates signed with a TSIG key: BIND, Knot, PowerDNS, Windows DNS.
// The zone is found by asking the server itself for the SOA (it is the primary).
import { decodeResponse, encodeUpdate, newMessageId, signMessage, type TsigKey } from './dns-update-message.ts';
import { exchangeTcp } from './dns-transport.ts';
import { CHALLENGE_TTL_SECONDS, DnsProviderError, type DnsProviderClient, type TxtRecord } from './provider.ts';
import { findZone, serverAddress } from './zone-lookup.ts';

export interface Rfc2136Settings {
  server: string;
  key: TsigKey;
  zone?: string | undefined;
}

const RCODES: Record<number, string> = { 1: 'FORMERR', 2: 'SERVFAIL', 3: 'NXDOMAIN', 4: 'NOTIMP', 5: 'REFUSED', 6: 'YXDOMAIN', 7: 'YXRRSET', 8: 'NXRRSET', 9: 'NOTAUTH', 10: 'NOTZONE' };

/** The server's answer in words: what is wrong and what to change. */
export function describeUpdateFailure(rcode: number, tsigError: number, settings: { server: string; keyName: string; zone: string }): DnsProviderError {
  const { server, keyName, zone } = settings;
  if (tsigError === 17) return new DnsProviderError('dns_credentials', `${server} does not know the TSIG key "${keyName}" (BADKEY): check the key name and algorithm.`);
  if (tsigError === 16) return new DnsProviderError('dns_credentials', `${server} rejected the signature of the TSIG key "${keyName}" (BADSIG): the key secret is wrong.`);
  if (tsigError === 18) return new DnsProviderError('dns_credentials', `${server} rejected the update's time (BADTIME): this machine's clock and the DNS server's differ by more than 5 minutes.`);
  if (rcode === 5) return new DnsProviderError('dns_credentials', `${server} refused the update of ${zone} (REFUSED): its update-policy (or allow-update) does not let the key "${keyName}" change TXT records there.`);
  if (rcode === 9 || rcode === 10) return new DnsProviderError('dns_zone_not_found', `${server} is not authoritative for the zone ${zone} (${RCODES[rcode]}): check the server address, or set the zone.`);
  return new DnsProviderError('dns_provider_error', `${server} answered the update of ${zone} with ${RCODES[rcode] ?? `RCODE ${rcode}`}.`);
}

export function rfc2136Provider(settings: Rfc2136Settings): DnsProviderClient {
  const zoneOf = async (record: TxtRecord) => settings.zone ?? record.zone ?? findZone(record.name, [await serverAddress(settings.server)]);
  const send = async (action: 'add' | 'delete', record: TxtRecord) => {
    const zone = (await zoneOf(record)).replace(/\.$/, '');
    const id = newMessageId();
    const message = signMessage(encodeUpdate(id, { action, zone, name: record.name, value: record.value, ttl: CHALLENGE_TTL_SECONDS }), settings.key);
    let answer: Buffer;
    try {
      answer = await exchangeTcp(settings.server, message);
    } catch (error) {
      throw new DnsProviderError('dns_provider_error', `The DNS server ${settings.server} could not be reached: ${(error as Error).message}`);
    }
    const response = decodeResponse(answer);
    if (response.id !== id) throw new DnsProviderError('dns_provider_error', `${settings.server} answered another message (id ${response.id}, sent ${id})`);
    if (response.rcode !== 0 || response.tsigError !== 0) throw describeUpdateFailure(response.rcode, response.tsigError, { server: settings.server, keyName: settings.key.name, zone });
  };
  return {
    set: (record) => send('add', record),
    clear: (record) => send('delete', record),
  };
}
