// Upstream pools end to end (issue 4's proof for what nginx OSS has): which servers each
// request reached, in order, through nginx and through Portico — round robin, weights,
// backup and down, failover when an upstream dies, retries after a server drops the
// connection, proxy_next_upstream conditions, 502 when all are down, ip_hash stickiness.
// `add_header X-Tried $upstream_addr always` shows the attempts on dead servers too.
import { describeCases } from './harness/case-suite.ts';
import { type Case, type Probe } from './harness/pair.ts';
import type { RawRequest } from './harness/raw-http.ts';

const host = 'lb.example.com';
const get = (target = '/', extra: Partial<RawRequest> = {}): RawRequest => ({ target, host, ...extra });
/** One probe per expected upstream list: the sequence nginx must produce (and Portico with it). */
const sequence = (req: RawRequest, upstreams: string[][], status = 200): Probe[] => upstreams.map((u) => ({ req, expect: { status, upstreams: u } }));
const each = (names: string): string[][] => names.split(' ').map((n) => (n === '-' ? [] : n.split('+')));

function pool(upstream: string, locations = ''): string {
  return `${upstream}
    server { listen 80; server_name ${host};
      add_header X-Tried $upstream_addr always;
      location / { proxy_pass http://u; }
      ${locations} }`;
}

const cases: Case[] = [
  {
    desc: 'round robin',
    config: pool('upstream u { server {{a}}; server {{b}}; server {{c}}; }'),
    upstreams: { live: ['a', 'b', 'c'] },
    probes: sequence(get(), each('a b c a b c a')),
  },
  {
    desc: 'weighted round robin 5:3:1 (smooth: the same interleaving as nginx, 5/3/1 per 9)',
    config: pool('upstream u { server {{a}} weight=5; server {{b}} weight=3; server {{c}} weight=1; }'),
    upstreams: { live: ['a', 'b', 'c'] },
    probes: sequence(get(), each('a b a c a b a b a a b a c a b a b a')),
  },
  {
    desc: 'seed 001: weight=3, a plain server and a backup that gets nothing while both primaries live',
    config: pool('upstream u { server {{a}} weight=3; server {{b}}; server {{c}} backup; }'),
    upstreams: { live: ['a', 'b', 'c'] },
    probes: sequence(get(), each('a a b a a a b a')),
  },
  {
    desc: 'down servers are skipped; the backup serves once every primary failed',
    config: pool(
      'upstream u { server {{x}}; server {{b}} down; server {{c}} backup; }',
      `location /mixed/ { proxy_pass http://m; }`,
    ).replace('upstream u', 'upstream m { server {{a}}; server {{b}} down; server {{d}}; } upstream u'),
    upstreams: { live: ['a', 'b', 'c', 'd'], dead: ['x'] },
    probes: [...sequence(get(), each('c c c')), ...sequence(get('/mixed/'), each('a d a d'))],
  },
  {
    desc: 'failover: an upstream killed mid-sequence is tried once, then left out (max_fails=1)',
    config: pool('upstream u { server {{a}}; server {{b}}; server {{c}}; }'),
    upstreams: { live: ['a', 'b', 'c'] },
    probes: [...sequence(get(), each('a b c')), { kill: 'b' }, ...sequence(get(), each('a c c a c a c'))],
  },
  {
    desc: 'retries: a server that drops the connection is retried on the next for GET, not for POST unless non_idempotent',
    config: pool(
      'upstream u { server {{k}}; server {{a}}; }',
      `location /post/ { proxy_pass http://p; }
       location /post-retry/ { proxy_pass http://r; proxy_next_upstream error timeout non_idempotent; }
       location /off/ { proxy_pass http://o; proxy_next_upstream off; }`,
    ).replace('upstream u', 'upstream p { server {{k}}; server {{a}}; } upstream r { server {{k}}; server {{a}}; } upstream o { server {{k}}; server {{a}}; } upstream u'),
    upstreams: { live: ['a'], closers: ['k'] },
    probes: [
      ...sequence(get(), each('k+a a a')),
      { req: get('/post/', { method: 'POST', body: 'payload' }), expect: { status: 502, upstreams: ['k'] } },
      { req: get('/post/', { method: 'POST', body: 'payload' }), expect: { status: 200, upstreams: ['a'] } },
      { req: get('/post-retry/', { method: 'POST', body: 'payload' }), expect: { status: 200, upstreams: ['k', 'a'] } },
      { req: get('/off/'), expect: { status: 502, upstreams: ['k'] } },
    ],
  },
  {
    desc: 'proxy_next_upstream http_503 with tries 2 (seed 001 health checks): a 503 answer goes to the next server',
    config: `upstream u { server {{a}}; server {{b}}; server {{c}}; }
      server { listen 80; server_name ${host};
        add_header X-Tried $upstream_addr always;
        location / { proxy_pass http://u; proxy_next_upstream error timeout http_502 http_503; proxy_next_upstream_tries 2; } }`,
    upstreams: { live: ['a', 'b', 'c'] },
    // What happens next differs (the last try's 503 marks b failed in Portico only):
    // pending-pools.md.
    probes: [
      { req: get('/status/503'), expect: { status: 503, upstreams: ['a', 'b'] } },
      { req: get('/status/404'), expect: { status: 404, upstreams: ['c'] } },
    ],
  },
  {
    desc: 'all servers down → 502, then "no live upstreams" → 502 without trying',
    // Without X-Tried: $upstream_addr after "no live upstreams" differs (pending-pools.md).
    config: `upstream u { server {{x}}; server {{y}}; } server { listen 80; server_name ${host}; location / { proxy_pass http://u; } }`,
    upstreams: { dead: ['x', 'y'] },
    probes: [{ req: get(), expect: { status: 502, upstreams: [] } }, { req: get(), times: 2, expect: { status: 502, upstreams: [] } }],
  },
  {
    desc: 'max_fails=3: a dead server keeps being tried until its third failure',
    config: pool('upstream u { server {{x}} max_fails=3 fail_timeout=30s; server {{a}} max_fails=3 fail_timeout=30s; }'),
    upstreams: { live: ['a'], dead: ['x'] },
    probes: [{ req: get(), times: 8, expect: { status: 200, upstreams: ['a'] } }],
  },
  {
    desc: 'ip_hash: each client (/24) sticks to one server',
    config: pool('upstream u { ip_hash; server {{a}}; server {{b}}; server {{c}}; }'),
    upstreams: { live: ['a', 'b', 'c'] },
    probes: [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ req: get('/', { localAddress: `127.0.${n}.${n % 3 === 0 ? 9 : 1}` }), expect: { status: 200 } })),
  },
  {
    desc: 'least_conn without concurrency behaves as weighted round robin',
    config: pool('upstream u { least_conn; server {{a}} weight=2; server {{b}}; server {{c}}; }'),
    upstreams: { live: ['a', 'b', 'c'] },
    probes: [{ req: get(), times: 8, expect: { status: 200 } }],
  },
];

describeCases('conformance: upstream pools', cases);
