// Forward authentication as nginx's auth_request runs it: a subrequest (GET, the client's
// headers, no body) to an auth service through the location the URI names; 2xx lets the
// request through, 401 (with the service's WWW-Authenticate) and 403 are answered, any
// other status is a 500; auth_request_set variables in proxy_set_header and add_header;
// the Authelia redirect through error_page 401; auth_request off; satisfy any with allow.
// The auth service (test/helpers/forward-auth-service.ts) is the same for both proxies.
import { afterAll, describe, expect, it } from 'vitest';
import { describeCases, usePair } from './harness/case-suite.ts';
import { type Case, probe, requestsTo } from './harness/pair.ts';
import type { RawRequest } from './harness/raw-http.ts';
import { LOGIN_URL, startForwardAuthService, type AuthSeen } from '../helpers/forward-auth-service.ts';

const auth = await startForwardAuthService();
afterAll(() => auth.close());

const host = 'app.example.com';
const req = requestsTo(host);
const as = (user: string, target = '/app/page?x=1', extra: Partial<RawRequest> = {}): RawRequest => req(target, { ...extra, headers: [['X-User', user], ...(extra.headers ?? [])] });

/** The auth location as the Authelia / oauth2-proxy guides write it. */
const authLocation = (service = auth.address, extra = '') => `location = /auth { internal; proxy_pass http://${service}/verify; proxy_pass_request_body off;
      proxy_set_header Content-Length ""; proxy_set_header X-Original-URI $request_uri; proxy_set_header X-Original-Method $request_method;
      proxy_set_header X-Original-URL $scheme://$http_host$request_uri; ${extra} }`;

const cases: Case[] = [
  {
    desc: 'auth_request: 2xx passes with the user copied upstream, 403 and 401 (with its challenge) are answered, other statuses are 500',
    config: `server { listen 80; server_name ${host};
      location / { auth_request /auth; auth_request_set $user $upstream_http_remote_user; auth_request_set $email $upstream_http_remote_email;
        proxy_set_header Remote-User $user; proxy_set_header Remote-Email $email; add_header X-Signed-In "$user" always; proxy_pass http://{{a}}; }
      ${authLocation()} }`,
    probes: [
      probe(as('alice'), { status: 200, upstreamHeaders: { 'remote-user': 'alice', 'remote-email': 'alice@example.com' }, headers: { 'x-signed-in': 'alice' } }),
      // A client cannot claim a user: the copied header replaces its own.
      probe(as('alice', '/app/x', { headers: [['Remote-User', 'mallory']] }), { status: 200, upstreamHeaders: { 'remote-user': 'alice' } }),
      probe(as('carol'), { status: 200, upstreamHeaders: { 'remote-user': 'carol', 'remote-email': null } }),
      probe(as('bob'), { status: 403, upstreams: [], headers: { 'x-auth-reason': null, 'x-signed-in': null } }),
      probe(as('nobody'), { status: 401, upstreams: [], headers: { 'www-authenticate': 'Bearer realm="portico-test"', location: null, 'x-auth-reason': null } }),
      probe(as('crash'), { status: 500, upstreams: [] }),
      probe(as('away'), { status: 500, upstreams: [] }),
      probe(as('alice', '/app/form', { method: 'POST', body: 'name=value' }), { status: 200, upstreamHeaders: { 'remote-user': 'alice' } }),
      probe(as('nobody', '/app/form', { method: 'POST', body: 'name=value' }), { status: 401, upstreams: [] }),
      probe(as('alice', '/app/page', { method: 'HEAD' }), { status: 200 }),
      // The auth location itself is internal.
      probe(as('alice', '/auth'), { status: 404 }),
    ],
  },
  {
    desc: 'the Authelia pattern: the 401 becomes a redirect to the login URL the service gives (error_page 401 =302 $redirection_url)',
    config: `server { listen 80; server_name ${host};
      location / { auth_request /auth; auth_request_set $redirection_url $upstream_http_location; error_page 401 =302 $redirection_url; proxy_pass http://{{a}}; }
      ${authLocation()} }`,
    probes: [
      probe(as('nobody', '/app/page?x=1'), { status: 302, headers: { location: `${LOGIN_URL}?rd=${encodeURIComponent(`http://${host}/app/page?x=1`)}` } }),
      probe(as('alice'), { status: 200 }),
      probe(as('bob'), { status: 403 }),
    ],
  },
  {
    desc: 'auth_request off: a nested location and a location of its own turn the inherited one off',
    config: `server { listen 80; server_name ${host}; auth_request /auth;
      location / { proxy_pass http://{{a}}; }
      location /public/ { auth_request off; proxy_pass http://{{a}}; }
      location /app/ { proxy_pass http://{{a}}; location /app/open/ { auth_request off; proxy_pass http://{{a}}; } }
      ${authLocation()} }`,
    probes: [
      probe(as('nobody', '/'), { status: 401 }),
      probe(as('alice', '/'), { status: 200 }),
      probe(as('nobody', '/public/x'), { status: 200 }),
      probe(as('nobody', '/app/x'), { status: 401 }),
      probe(as('nobody', '/app/open/x'), { status: 200 }),
    ],
  },
  {
    desc: 'satisfy any: an allowed address skips the auth service, other addresses ask it; satisfy all: a denied address is refused first',
    config: `server { listen 80; server_name ${host};
      location /any/ { satisfy any; allow 127.0.0.1; deny all; auth_request /auth; proxy_pass http://{{a}}; }
      location /all/ { allow 127.0.0.1; deny all; auth_request /auth; proxy_pass http://{{a}}; }
      ${authLocation()} }`,
    probes: [
      probe(as('nobody', '/any/x'), { status: 200 }),
      probe(as('nobody', '/any/x', { localAddress: '127.0.0.2' }), { status: 401 }),
      probe(as('alice', '/any/x', { localAddress: '127.0.0.2' }), { status: 200 }),
      probe(as('bob', '/any/x', { localAddress: '127.0.0.2' }), { status: 403 }),
      probe(as('alice', '/all/x', { localAddress: '127.0.0.2' }), { status: 403 }),
      probe(as('nobody', '/all/x'), { status: 401 }),
      probe(as('alice', '/all/x'), { status: 200 }),
    ],
  },
  {
    desc: 'an auth service that is down or too slow is a 500',
    config: `server { listen 80; server_name ${host};
      location /down/ { auth_request /auth-down; proxy_pass http://{{a}}; }
      location /slow/ { auth_request /auth; proxy_pass http://{{a}}; }
      location = /auth-down { internal; proxy_pass http://{{d}}/verify; }
      ${authLocation(auth.address, 'proxy_read_timeout 500ms;')} }`,
    upstreams: { live: ['a'], dead: ['d'] },
    probes: [
      probe(as('alice', '/down/x'), { status: 500, upstreams: [] }),
      probe(as('slow', '/slow/x'), { status: 500, upstreams: [] }),
      probe(as('alice', '/slow/x'), { status: 200 }),
    ],
  },
];

describeCases('conformance: forward authentication (auth_request)', cases);

/** What the auth service received, without what the harness normalises for upstreams too (keep-alive, Portico's request id). */
function authView(seen: AuthSeen | undefined): unknown {
  if (!seen) return null;
  return {
    method: seen.method,
    target: seen.target,
    bodyBytes: seen.bodyBytes,
    headers: seen.headers.filter(([name]) => !['connection', 'x-request-id'].includes(name.toLowerCase())).map(([n, v]) => [n.toLowerCase(), v]).sort(),
  };
}

describe('conformance: what the auth service sees', () => {
  const pair = usePair(
    `server { listen 80; server_name ${host};
      location / { auth_request /auth; proxy_pass http://{{a}}; }
      ${authLocation()} }`,
    { live: ['a'] },
  );
  const requests: [string, RawRequest][] = [
    ['GET with a query', as('alice', '/app/page?x=1&y=2', { headers: [['Accept', 'text/html'], ['Cookie', 'session=abc']] })],
    ['POST with a body: a GET without it', as('alice', '/app/form', { method: 'POST', body: 'secret=1', headers: [['Content-Type', 'application/x-www-form-urlencoded']] })],
    ['PUT refused', as('bob', '/app/doc', { method: 'PUT', body: 'x' })],
    ['chunked POST', as('alice', '/app/upload', { method: 'POST', chunks: ['ab', 'cd'] })],
  ];
  it.each(requests)('%s', async (_label, request) => {
    const mark = auth.log.length;
    const { nginx, portico } = await pair().send(request);
    const fromNginx = auth.log[mark];
    const fromPortico = auth.log[mark + 1];
    expect(auth.log.length - mark).toBe(2);
    expect(fromNginx?.method).toBe('GET');
    expect(fromNginx?.bodyBytes).toBe(0);
    expect(authView(fromPortico)).toEqual(authView(fromNginx));
    expect(portico).toEqual(nginx);
  });
});
