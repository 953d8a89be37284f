// Local fakes of the DNS hosts' HTTP APIs, answering with the request and response shapes
// their API documentation shows (Cloudflare v4, DigitalOcean v2, Hetzner DNS v1, Route 53
// 2013-04-01), on an ephemeral port, with an in-memory zone store. They check the
// credentials the way the real APIs do and answer the documented error bodies.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { signV4 } from '../../core/dns/aws-sigv4.ts';

export interface FakeRecord {
  id: string;
  zone: string;
  /** Fully qualified, no trailing dot. */
  name: string;
  value: string;
}

export interface FakeDnsApi {
  base: string;
  records: FakeRecord[];
  /** Every request, "METHOD /path?query". */
  requests: string[];
  close(): Promise<void>;
}

type Handler = (req: http.IncomingMessage, url: URL, body: string, store: Store) => { status: number; body?: unknown; text?: string };

class Store {
  records: FakeRecord[] = [];
  private next = 1;
  readonly zones: { id: string; name: string }[];
  constructor(zones: { id: string; name: string }[]) {
    this.zones = zones;
  }
  add(zone: string, name: string, value: string): FakeRecord {
    const record = { id: String(this.next++), zone, name, value };
    this.records.push(record);
    return record;
  }
  remove(id: string): boolean {
    const i = this.records.findIndex((r) => r.id === id);
    if (i >= 0) this.records.splice(i, 1);
    return i >= 0;
  }
}

async function serve(handler: Handler, zones: { id: string; name: string }[], prefix: string): Promise<FakeDnsApi> {
  const store = new Store(zones);
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://fake');
      requests.push(`${req.method} ${url.pathname}${url.search}`);
      const answer = handler(req, url, body, store);
      if (answer.text !== undefined) {
        res.writeHead(answer.status, { 'content-type': 'text/xml' }).end(answer.text);
      } else if (answer.body === undefined) {
        res.writeHead(answer.status).end();
      } else {
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}${prefix}`,
    get records() {
      return store.records;
    },
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const relative = (name: string, zone: string) => (name === zone ? '@' : name.slice(0, -(zone.length + 1)));
const absolute = (name: string, zone: string) => (name === '@' ? zone : `${name}.${zone}`);

/** api.cloudflare.com/client/v4: Bearer token; { success, errors, messages, result } envelopes. */
export function fakeCloudflare(token: string, zones: { id: string; name: string }[]): Promise<FakeDnsApi> {
  const envelope = (result: unknown) => ({ success: true, errors: [], messages: [], result });
  return serve((req, url, body, store) => {
    if (req.headers.authorization !== `Bearer ${token}`) return { status: 403, body: { success: false, errors: [{ code: 9109, message: 'Invalid access token' }], messages: [], result: null } };
    const path = url.pathname.replace(/^\/client\/v4/, '');
    if (req.method === 'GET' && path === '/zones') return { status: 200, body: { ...envelope(store.zones.filter((z) => z.name === url.searchParams.get('name')).map((z) => ({ ...z, status: 'active' }))), result_info: { page: 1, per_page: 20 } } };
    const m = /^\/zones\/([^/]+)\/dns_records(?:\/([^/]+))?$/.exec(path);
    const zone = m && store.zones.find((z) => z.id === m[1]);
    if (!m || !zone) return { status: 404, body: { success: false, errors: [{ code: 7003, message: 'Could not route to /zones, perhaps your object identifier is invalid?' }], messages: [], result: null } };
    const view = (r: FakeRecord) => ({ id: r.id, zone_id: zone.id, zone_name: zone.name, name: r.name, type: 'TXT', content: `"${r.value}"`, ttl: 60, proxied: false });
    if (req.method === 'POST' && !m[2]) {
      const input = JSON.parse(body) as { type: string; name: string; content: string; ttl: number };
      if (input.type !== 'TXT' || !input.name.endsWith(zone.name)) return { status: 400, body: { success: false, errors: [{ code: 9000, message: 'DNS name is invalid.' }], messages: [], result: null } };
      return { status: 200, body: envelope(view(store.add(zone.name, input.name, input.content))) };
    }
    if (req.method === 'GET' && !m[2]) return { status: 200, body: envelope(store.records.filter((r) => r.zone === zone.name && r.name === url.searchParams.get('name')).map(view)) };
    if (req.method === 'DELETE' && m[2]) return store.remove(m[2]) ? { status: 200, body: envelope({ id: m[2] }) } : { status: 404, body: { success: false, errors: [{ code: 81044, message: 'Record does not exist.' }], messages: [], result: null } };
    return { status: 405, body: { success: false, errors: [{ code: 10000, message: 'method not allowed' }], messages: [], result: null } };
  }, zones, '/client/v4');
}

/** api.digitalocean.com/v2: Bearer token; errors { id, message }; record names relative to the domain. */
export function fakeDigitalOcean(token: string, zones: { id: string; name: string }[]): Promise<FakeDnsApi> {
  return serve((req, url, body, store) => {
    if (req.headers.authorization !== `Bearer ${token}`) return { status: 401, body: { id: 'unauthorized', message: 'Unable to authenticate you' } };
    const m = /^\/v2\/domains\/([^/]+)(\/records(?:\/(\d+))?)?$/.exec(url.pathname);
    const zone = m && store.zones.find((z) => z.name === m[1]);
    if (!m || !zone) return { status: 404, body: { id: 'not_found', message: 'The resource you were accessing could not be found.' } };
    const view = (r: FakeRecord) => ({ id: Number(r.id), type: 'TXT', name: relative(r.name, zone.name), data: r.value, priority: null, port: null, ttl: 60, weight: null, flags: null, tag: null });
    if (req.method === 'GET' && !m[2]) return { status: 200, body: { domain: { name: zone.name, ttl: 1800, zone_file: '' } } };
    if (req.method === 'POST' && m[2] && !m[3]) {
      const input = JSON.parse(body) as { type: string; name: string; data: string };
      if (input.name.endsWith(`.${zone.name}`)) return { status: 422, body: { id: 'unprocessable_entity', message: 'Name is invalid' } };
      return { status: 201, body: { domain_record: view(store.add(zone.name, absolute(input.name, zone.name), input.data)) } };
    }
    if (req.method === 'GET' && m[2] && !m[3]) {
      const records = store.records.filter((r) => r.zone === zone.name && (!url.searchParams.get('name') || r.name === url.searchParams.get('name'))).map(view);
      return { status: 200, body: { domain_records: records, links: {}, meta: { total: records.length } } };
    }
    if (req.method === 'DELETE' && m[3]) return store.remove(m[3]) ? { status: 204 } : { status: 404, body: { id: 'not_found', message: 'The resource you were accessing could not be found.' } };
    return { status: 405, body: { id: 'method_not_allowed', message: 'method not allowed' } };
  }, zones, '/v2');
}

/** dns.hetzner.com/api/v1: Auth-API-Token header; record names relative to the zone. */
export function fakeHetzner(token: string, zones: { id: string; name: string }[]): Promise<FakeDnsApi> {
  return serve((req, url, body, store) => {
    if (req.headers['auth-api-token'] !== token) return { status: 401, body: { message: 'Invalid authentication credentials' } };
    const path = url.pathname.replace(/^\/api\/v1/, '');
    if (req.method === 'GET' && path === '/zones') {
      const found = store.zones.filter((z) => z.name === url.searchParams.get('name'));
      return found.length > 0 ? { status: 200, body: { zones: found.map((z) => ({ ...z, ttl: 86400 })), meta: { pagination: { page: 1, per_page: 100, total_entries: found.length } } } } : { status: 404, body: { zones: [], error: { message: 'zone not found', code: 404 } } };
    }
    const view = (r: FakeRecord) => {
      const zone = store.zones.find((z) => z.name === r.zone)!;
      return { id: r.id, type: 'TXT', name: relative(r.name, zone.name), value: r.value, zone_id: zone.id, ttl: 60, created: '2026-01-01 00:00:00.000 +0000 UTC', modified: '2026-01-01 00:00:00.000 +0000 UTC' };
    };
    if (req.method === 'POST' && path === '/records') {
      const input = JSON.parse(body) as { zone_id: string; type: string; name: string; value: string };
      const zone = store.zones.find((z) => z.id === input.zone_id);
      if (!zone) return { status: 422, body: { record: {}, error: { message: 'zone not found', code: 422 } } };
      return { status: 200, body: { record: view(store.add(zone.name, absolute(input.name, zone.name), input.value)) } };
    }
    if (req.method === 'GET' && path === '/records') {
      const zone = store.zones.find((z) => z.id === url.searchParams.get('zone_id'));
      return { status: 200, body: { records: store.records.filter((r) => r.zone === zone?.name).map(view), meta: { pagination: { page: 1 } } } };
    }
    const m = /^\/records\/([^/]+)$/.exec(path);
    if (req.method === 'DELETE' && m) return store.remove(m[1]!) ? { status: 200 } : { status: 404, body: { error: { message: 'record not found', code: 404 } } };
    return { status: 404, body: { error: { message: 'not found', code: 404 } } };
  }, zones, '/api/v1');
}

const R53 = 'https://route53.amazonaws.com/doc/2013-04-01/';
const r53Error = (status: number, code: string, message: string) => ({ status, text: `<?xml version="1.0"?>\n<ErrorResponse xmlns="${R53}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fake-request</RequestId></ErrorResponse>` });

/** route53.amazonaws.com/2013-04-01: SigV4-signed requests; XML; a TXT set is written whole. */
export function fakeRoute53(accessKeyId: string, secretAccessKey: string, zones: { id: string; name: string }[]): Promise<FakeDnsApi> {
  return serve((req, url, body, store) => {
    const auth = String(req.headers.authorization ?? '');
    if (!auth.startsWith(`AWS4-HMAC-SHA256 Credential=${accessKeyId}/`)) return r53Error(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    // The signature recomputed over what arrived, at the time the request says.
    const date = String(req.headers['x-amz-date']);
    const now = new Date(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`);
    const expected = signV4({ method: req.method!, url: new URL(`http://${req.headers.host}${req.url}`), body, accessKeyId, secretAccessKey, region: 'us-east-1', service: 'route53', now }).authorization;
    if (auth !== expected) return r53Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
    const path = url.pathname.replace(/^\/2013-04-01/, '');
    if (req.method === 'GET' && path === '/hostedzonesbyname') {
      // Zones in order from the name on (here: by name), like the real listing.
      const from = url.searchParams.get('dnsname')!;
      const listed = [...store.zones].sort((a, b) => a.name.localeCompare(b.name)).filter((z) => z.name >= from).slice(0, Number(url.searchParams.get('maxitems') ?? 100));
      const items = listed.map((z) => `<HostedZone><Id>/hostedzone/${z.id}</Id><Name>${z.name}.</Name><CallerReference>ref-${z.id}</CallerReference><Config><PrivateZone>false</PrivateZone></Config><ResourceRecordSetCount>2</ResourceRecordSetCount></HostedZone>`).join('');
      return { status: 200, text: `<?xml version="1.0"?>\n<ListHostedZonesByNameResponse xmlns="${R53}"><HostedZones>${items}</HostedZones><DNSName>${from}</DNSName><IsTruncated>false</IsTruncated><MaxItems>1</MaxItems></ListHostedZonesByNameResponse>` };
    }
    const m = /^\/hostedzone\/([^/]+)\/rrset$/.exec(path);
    const zone = m && store.zones.find((z) => z.id === m[1]);
    if (!m || !zone) return r53Error(404, 'NoSuchHostedZone', `No hosted zone found with ID: ${m?.[1]}`);
    const setOf = (name: string) => store.records.filter((r) => r.zone === zone.name && r.name === name);
    if (req.method === 'GET') {
      const name = url.searchParams.get('name')!;
      const own = setOf(name);
      // Without a set at the name, the listing goes on with the next one (the zone's SOA here).
      const set = own.length > 0 ? `<ResourceRecordSet><Name>${name}.</Name><Type>TXT</Type><TTL>60</TTL><ResourceRecords>${own.map((r) => `<ResourceRecord><Value>"${r.value}"</Value></ResourceRecord>`).join('')}</ResourceRecords></ResourceRecordSet>` : `<ResourceRecordSet><Name>${zone.name}.</Name><Type>SOA</Type><TTL>900</TTL><ResourceRecords><ResourceRecord><Value>ns-1.awsdns-00.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>`;
      return { status: 200, text: `<?xml version="1.0"?>\n<ListResourceRecordSetsResponse xmlns="${R53}"><ResourceRecordSets>${set}</ResourceRecordSets><IsTruncated>false</IsTruncated><MaxItems>1</MaxItems></ListResourceRecordSetsResponse>` };
    }
    if (req.method === 'POST') {
      const action = /<Action>(\w+)<\/Action>/.exec(body)?.[1];
      const name = /<Name>([^<]+)\.<\/Name>/.exec(body)?.[1] ?? '';
      const values = [...body.matchAll(/<Value>"([^<]*)"<\/Value>/g)].map((v) => v[1]!);
      const current = setOf(name);
      if (action === 'DELETE' && (current.length !== values.length || !current.every((r) => values.includes(r.value)))) {
        return r53Error(400, 'InvalidChangeBatch', `[Tried to delete resource record set [name='${name}.', type='TXT'] but the values provided do not match the current values]`);
      }
      for (const r of current) store.remove(r.id);
      if (action === 'UPSERT') for (const v of values) store.add(zone.name, name, v);
      return { status: 200, text: `<?xml version="1.0"?>\n<ChangeResourceRecordSetsResponse xmlns="${R53}"><ChangeInfo><Id>/change/C${store.records.length}</Id><Status>PENDING</Status><SubmittedAt>2026-01-01T00:00:00.000Z</SubmittedAt></ChangeInfo></ChangeResourceRecordSetsResponse>` };
    }
    return r53Error(405, 'MethodNotAllowed', 'method not allowed');
  }, zones, '');
}
