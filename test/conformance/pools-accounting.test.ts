// Pool accounting details of nginx 1.22: which tries count against a server, and
// $upstream_addr when no server can be tried.
import { describeCases } from './harness/case-suite.ts';
import { type Case } from './harness/pair.ts';

const host = 'lb.example.com';
const cases: Case[] = [
  {
    // nginx (ngx_http_upstream_test_next) moves to the next server, marking the current
    // one failed, only while another try is allowed; the last try's 503 goes to the
    // client and its server counts as a success.
    desc: 'proxy_next_upstream http_503, tries 2: the last try\'s 503 does not mark its server failed',
    config: `upstream u { server {{a}}; server {{b}}; server {{c}}; }
      server { listen 80; server_name ${host};
        location / { proxy_pass http://u; proxy_next_upstream error timeout http_502 http_503; proxy_next_upstream_tries 2; } }`,
    upstreams: { live: ['a', 'b', 'c'] },
    probes: [
      { req: { target: '/status/503', host }, expect: { status: 503, upstreams: ['a', 'b'] } },
      { req: { target: '/status/404', host }, expect: { status: 404, upstreams: ['c'] } },
      { req: { target: '/ok', host }, expect: { status: 200, upstreams: ['b'] } },
      { req: { target: '/ok', host }, expect: { status: 200, upstreams: ['c'] } },
    ],
  },
  {
    // nginx sets $upstream_addr to the upstream's name when no server can be tried.
    desc: '$upstream_addr is the upstream name after "no live upstreams"',
    config: `upstream u { server {{x}}; server {{y}}; }
      server { listen 80; server_name ${host}; add_header X-Tried $upstream_addr always; location / { proxy_pass http://u; } }`,
    upstreams: { dead: ['x', 'y'] },
    probes: [
      { req: { target: '/', host }, expect: { status: 502, headers: { 'x-tried': '{{x}}, {{y}}' } } },
      { req: { target: '/', host }, expect: { status: 502, headers: { 'x-tried': 'u' } } },
    ],
  },
];

describeCases('conformance: upstream pool accounting', cases);
