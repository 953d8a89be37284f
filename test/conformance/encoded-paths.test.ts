// Encoded slashes and dots (issue 14, class 1), nginx vs Portico: the same configuration
// and requests through both, compared as the other conformance files do (status,
// headers, body, what the upstream received). nginx decodes every escape once (%2F and
// %2f included), resolves dot segments and merges slashes before it matches a location;
// proxy_pass without a URI part sends the target as received, with one the decoded path
// re-escaped; $uri is decoded, $request_uri raw; cache and limit keys follow. Over
// HTTP/2 nginx (h2c) and Portico (h2 over TLS) must agree too.
// The deliberate differences (Portico refuses dot segments whose resolution depends on
// the reading, checks the kept reading's location as well, and sends a raw "\" as %5C)
// are in the last describe, both ways.
import fs from 'node:fs';
import http2 from 'node:http2';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { h2Request } from '../acme/https-fixture.ts';
import { startTlsEngine, type TlsEngine } from '../acme/tls-engine.ts';
import { describeCases, usePair } from './harness/case-suite.ts';
import { startNginx, type NginxUnderTest } from './harness/nginx.ts';
import { requestsTo, type Case } from './harness/pair.ts';
import { fillAddresses, startUpstreams, type Upstreams } from './harness/upstreams.ts';

const host = 'app.example.com';
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-conf-encoded-'));
const get = requestsTo(host);
const refused = (target: string, status: number) => ({ req: get(target), expect: { status, upstreams: [] } });
const forwarded = (target: string, upstreamTarget: string) => ({ req: get(target), expect: { status: 200, target: upstreamTarget } });

// The report's configuration: a denied /admin/ next to a proxy for everything else.
const REPORT = `server { listen 80; server_name ${host};
  location /admin/ { deny all; proxy_pass http://{{a}}; }
  location / { proxy_pass http://{{a}}; } }`;

const cases: Case[] = [
  {
    desc: 'the report: %2F, leading %2F, ..%2F into /admin/ are 403, above the root 400',
    config: REPORT,
    probes: [
      refused('/admin%2Fsecret.txt', 403),
      refused('/%2Fadmin/secret.txt', 403),
      refused('/public/..%2Fadmin/secret.txt', 403),
      refused('/x/..%2F..%2Fadmin/secret.txt', 400),
    ],
  },
  {
    desc: 'spellings: lower case, several slashes, encoded dots, encoded letters, absolute form',
    config: REPORT,
    probes: [
      refused('/admin%2fsecret.txt', 403),
      refused('/%2f%2fadmin%2f%2fsecret.txt', 403),
      refused('/public%2F..%2Fadmin%2Fsecret.txt', 403),
      refused('/public/%2e%2e%2fadmin/secret.txt', 403),
      refused('/public/.%2E%2Fadmin/secret.txt', 403),
      refused('/public/./..%2F.%2Fadmin/secret.txt', 403),
      refused('/%61dmin%2Fsecret.txt', 403),
      refused('/admin%2F', 403),
      refused('/..%2Fadmin/secret.txt', 400),
      refused('/%2e%2e%2fadmin/secret.txt', 400),
      refused('/admin/%2E%2E%2F%2E%2E%2Fx', 400),
      // Not slashes: an IIS-style %u escape is malformed; an overlong UTF-8 "/" is two bytes of data.
      refused('/admin%u002fsecret.txt', 400),
      forwarded('/admin%C0%AFsecret.txt', '/admin%C0%AFsecret.txt'),
      { req: { target: 'http://app.example.com/public/..%2Fadmin/secret.txt', host }, expect: { status: 403, upstreams: [] } },
    ],
  },
  {
    desc: 'no URI part: what is not refused goes upstream exactly as sent; decoded once only; "\\" encoded is data',
    config: REPORT,
    probes: [
      forwarded('/public%2Fhello.txt?q=%2F', '/public%2Fhello.txt?q=%2F'),
      forwarded('/public/..%2Fother', '/public/..%2Fother'),
      forwarded('/x/..%2F', '/x/..%2F'),
      forwarded('/a%2F%2Fb', '/a%2F%2Fb'),
      forwarded('/admin%252Fsecret.txt', '/admin%252Fsecret.txt'),
      forwarded('/public/..%252Fadmin/secret.txt', '/public/..%252Fadmin/secret.txt'),
      forwarded('/admin%5Csecret.txt', '/admin%5Csecret.txt'),
      // The auto redirect of the proxied /admin/, not an encoding matter: both alike.
      { req: get('/admin'), expect: { status: 301, upstreams: [] } },
      { req: get('/admin%2F..'), expect: { status: 200, target: '/admin%2F..' } },
    ],
  },
  {
    desc: 'a URI part: the decoded, resolved path is sent, %2F as "/"',
    config: `server { listen 80; server_name ${host}; location /strip/ { proxy_pass http://{{a}}/up/; } location / { return 404; } }`,
    probes: [
      forwarded('/strip/a%2Fb', '/up/a/b'),
      forwarded('/strip/a%2fb?x=%2F', '/up/a/b?x=%2F'),
      forwarded('/strip/%2Fa', '/up/a'),
      forwarded('/strip/x/..%2Fy', '/up/y'),
      forwarded('/strip/a%252Fb', '/up/a%252Fb'),
      forwarded('/strip/a%5Cb', '/up/a%5Cb'),
      { req: get('/strip%2F..%2Fx'), expect: { status: 404, upstreams: [] } },
    ],
  },
  {
    desc: 'regex locations match the decoded path',
    config: `server { listen 80; server_name ${host};
      location ~ ^/private/ { deny all; proxy_pass http://{{a}}; }
      location ~ ^/rx/(.*)$ { proxy_pass http://{{a}}; }
      location / { proxy_pass http://{{a}}; } }`,
    probes: [refused('/private%2Fkey', 403), refused('/x/..%2Fprivate/key', 403), forwarded('/rx/a%2Fb', '/rx/a%2Fb'), forwarded('/rx/a%2F..%2F..%2Fx', '/rx/a%2F..%2F..%2Fx')],
  },
  {
    desc: 'return, rewrite and $uri / $request_uri see the decoded path',
    config: `server { listen 80; server_name ${host};
      location /ret/ { return 200 "uri=$uri req=$request_uri"; }
      location /red/ { return 302 /x$uri; }
      location /rwl/ { rewrite ^/rwl/(.*)$ /ret/$1 last; }
      location /rwr/ { rewrite ^/rwr/(.*)$ /dest/$1 redirect; }
      location /rwb/ { rewrite ^/rwb/(.*)$ /r3/$1 break; proxy_pass http://{{a}}; }
      location /files/ { rewrite ^/files/(.*)$ /$1 last; }
      location /admin/ { deny all; proxy_pass http://{{a}}; } }`,
    probes: [
      { req: get('/ret/a%2Fb'), expect: { status: 200, body: 'uri=/ret/a/b req=/ret/a%2Fb' } },
      { req: get('/ret/x%2F..%2Fy'), expect: { status: 200, body: 'uri=/ret/y req=/ret/x%2F..%2Fy' } },
      { req: get('/red/a%2Fb'), expect: { status: 302, headers: { location: `http://${host}:<proxy-port>/x/red/a/b` } } },
      { req: get('/rwl/a%2Fb'), expect: { status: 200, body: 'uri=/ret/a/b req=/rwl/a%2Fb' } },
      { req: get('/rwr/a%2Fb?q=1'), expect: { status: 302, headers: { location: `http://${host}:<proxy-port>/dest/a/b?q=1` } } },
      forwarded('/rwb/a%2Fb', '/r3/a/b'),
      forwarded('/rwb/a%252Fb', '/r3/a%252Fb'),
      refused('/files/admin%2Fsecret.txt', 403),
      refused('/files/x%2F..%2Fadmin%2Fsecret.txt', 403),
    ],
  },
  {
    desc: 'limit keys: $uri counts /lim/a/b and /lim/a%2Fb as one key',
    config: `limit_req_zone $uri zone=by_uri:1m rate=1r/m;
      server { listen 80; server_name ${host}; location /lim/ { limit_req zone=by_uri; proxy_pass http://{{a}}; } }`,
    probes: [forwarded('/lim/a/b', '/lim/a/b'), refused('/lim/a%2Fb', 503), refused('/lim/a/./b', 503), forwarded('/lim/a%252Fb', '/lim/a%252Fb')],
  },
  {
    desc: 'cache keys: $uri is one entry for /c/a/b and /c/a%2Fb; the default key ($request_uri) two',
    config: `proxy_cache_path ${cacheDir}/uri keys_zone=by_uri:1m;
      proxy_cache_path ${cacheDir}/raw keys_zone=by_raw:1m;
      server { listen 80; server_name ${host};
        location /c/ { proxy_pass http://{{a}}; proxy_cache by_uri; proxy_cache_key $uri; proxy_cache_valid 200 1m; add_header X-Cache $upstream_cache_status; }
        location /d/ { proxy_pass http://{{a}}; proxy_cache by_raw; proxy_cache_valid 200 1m; add_header X-Cache $upstream_cache_status; } }`,
    probes: [
      { req: get('/c/a/b'), expect: { status: 200, headers: { 'x-cache': 'MISS' }, upstreams: ['a'] } },
      { req: get('/c/a%2Fb'), expect: { status: 200, headers: { 'x-cache': 'HIT' }, upstreams: [] } },
      { req: get('/d/a/b'), expect: { status: 200, headers: { 'x-cache': 'MISS' }, upstreams: ['a'] } },
      { req: get('/d/a%2Fb'), expect: { status: 200, headers: { 'x-cache': 'MISS' }, target: '/d/a%2Fb' } },
    ],
  },
];

describeCases('conformance: encoded slashes and dots', cases, { cleanup: () => fs.rmSync(cacheDir, { recursive: true, force: true }) });

describe('conformance over HTTP/2: nginx (h2c) and Portico (h2) decide alike', () => {
  let nginx: NginxUnderTest;
  let t: TlsEngine;
  let upstreams: Upstreams;
  beforeAll(async () => {
    upstreams = await startUpstreams({ live: ['a'] });
    const config = fillAddresses(REPORT.replace('listen 80;', 'listen 80 http2;'), upstreams.addresses);
    [nginx, t] = await Promise.all([startNginx(config), startTlsEngine()]);
    await t.addCertificate([host]);
    const proxy = { kind: 'proxy', address: upstreams.addresses.a };
    await t.setHosts([
      {
        serverNames: [host],
        entrypoints: ['https'],
        locations: [
          { path: '/admin/', action: proxy, policies: { access: { rules: [{ action: 'deny', source: 'all' }] } } },
          { path: '/', action: proxy },
        ],
      },
    ]);
  });
  afterAll(async () => {
    await Promise.all([nginx?.stop(), t?.stop(), upstreams?.close()]);
  });

  async function viaH2(session: http2.ClientHttp2Session, target: string): Promise<{ status: number; upstream: string[] }> {
    const mark = upstreams.log.length;
    const response = await h2Request(session, { ':path': target, ':authority': host });
    return { status: response.status, upstream: upstreams.log.slice(mark).map((s) => s.target) };
  }

  it.each([
    '/admin%2Fsecret.txt',
    '/%2Fadmin/secret.txt',
    '/public/..%2Fadmin/secret.txt',
    '/x/..%2F..%2Fadmin/secret.txt',
    '/admin%2fsecret.txt',
    '/public/%2e%2e%2fadmin/secret.txt',
    '/admin%252Fsecret.txt',
    '/public%2Fhello.txt?q=%2F',
    '/public/..%2Fother',
  ])('%s', async (target) => {
    const fromNginx = http2.connect(`http://127.0.0.1:${nginx.port}`);
    const fromPortico = http2.connect(`https://127.0.0.1:${t.ports.https}`, { servername: host, ca: t.ca.certPem });
    try {
      const expected = await viaH2(fromNginx, target);
      expect(await viaH2(fromPortico, target)).toEqual(expected);
    } finally {
      fromNginx.close();
      fromPortico.close();
    }
  });
});

describe('conformance: the deliberate differences of encoded paths, both ways', () => {
  const pair = usePair(REPORT, { live: ['a'] });

  it.each([
    // Two readings, two paths: "/public/x/../admin/…" decoded first, "/admin/…" resolved first.
    ['/public%2Fx/../admin/secret.txt', 200, 400],
    // "/admin/x" to a WHATWG URL parser (slashes not merged), "/x" to nginx.
    ['/admin//../public/x', 200, 400],
    // Read with %2F as data (a router matching the raw path) the path is under /admin/.
    ['/admin/..%2Fpublic/x', 200, 403],
  ] as const)('%s: nginx %i, Portico %i', async (target, nginxStatus, porticoStatus) => {
    const seen = await pair().send(get(target));
    expect.soft(seen.nginx.status).toBe(nginxStatus);
    expect.soft(seen.portico.status).toBe(porticoStatus);
    expect.soft(seen.portico.upstream).toEqual([]);
  });

  it('a raw "\\": nginx sends it as received, Portico as %5C (a WHATWG URL parser would read "/")', async () => {
    const seen = await pair().send(get('/public/..\\admin/secret.txt'));
    expect.soft(seen.nginx.upstream.map((u) => u.target)).toEqual(['/public/..\\admin/secret.txt']);
    expect.soft(seen.portico.upstream.map((u) => u.target)).toEqual(['/public/..%5Cadmin/secret.txt']);
  });
});
