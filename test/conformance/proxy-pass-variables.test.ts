// proxy_pass with variables: the value names an upstream block (case-insensitive, no
// port), an IP address, or a host name (no resolver: 502); a URI part is sent exactly as
// evaluated (no prefix replacement, no query added); without one, the request URI passes
// as with a literal proxy_pass. Captures and arguments in the target.
import { describeCases } from './harness/case-suite.ts';
import { type Case, requestsTo, probe } from './harness/pair.ts';
import type { RawRequest } from './harness/raw-http.ts';

const host = 'app.example.com';
const req = requestsTo(host);
const to = (upstream: string, target: string) => ({ status: 200, upstreams: [upstream], target });

const cases: Case[] = [
  {
    desc: 'an upstream name with a variable URI part: $request_uri, $uri, $is_args$args, literal text',
    config: `upstream backend { server {{a}}; }
      server { listen 80; server_name ${host};
        location /a/ { proxy_pass http://backend$request_uri; }
        location /b/ { proxy_pass http://backend/fixed$is_args$args; }
        location /f/ { proxy_pass http://backend$uri; }
        location /g/ { proxy_pass http://BackEnd/v2$uri?src=$arg_src; } }`,
    probes: [
      probe(req('/a/x?y=1'), { ...to('a', '/a/x?y=1'), upstreamHeaders: { host: 'backend' } }),
      probe(req('/a/x%2Fy/./z?q=%20'), to('a', '/a/x%2Fy/./z?q=%20')),
      probe(req('/b/x?y=1&z=2'), to('a', '/fixed?y=1&z=2')),
      probe(req('/b/x'), to('a', '/fixed')),
      probe(req('/f/a/../c?x=1'), to('a', '/f/c')),
      probe(req('/f/p%41th'), to('a', '/f/pAth')),
      probe(req('/g/x?SRC=web&o=1'), { ...to('a', '/v2/g/x?src=web'), upstreamHeaders: { host: 'BackEnd' } }),
    ],
  },
  {
    desc: 'the host from a variable: an upstream (any case), an IP address, a name without a resolver (502), no host (500)',
    config: `upstream backend { server {{a}}; }
      server { listen 80; server_name ${host};
        location /c/ { proxy_pass http://$arg_up; }
        location /d/ { proxy_pass http://$arg_up/x/; }
        location /q/ { proxy_pass http://$arg_up?q=1; } }`,
    probes: [
      probe(req('/c/p?up=backend'), { ...to('a', '/c/p?up=backend'), upstreamHeaders: { host: 'backend' } }),
      probe(req('/c/p?up=BACKEND'), { ...to('a', '/c/p?up=BACKEND'), upstreamHeaders: { host: 'BACKEND' } }),
      probe(req('/c/p?up=backend:80'), { status: 502 }),
      probe(req('/c/p?up=example.invalid'), { status: 502 }),
      probe(req('/c/p?up='), { status: 500 }),
      probe(req('/c/p?up=backend:abc'), { status: 500 }),
      probe(req('/d/p?up=backend'), to('a', '/x/')),
      probe(req('/d/deep/er?up=backend&k=v'), to('a', '/x/')),
      probe(req('/q/x?up=backend'), to('a', '/?q=1')),
    ],
  },
  {
    desc: 'a port from a variable, the pool chosen by a capture of a regex location',
    config: `upstream one { server {{a}}; } upstream two { server {{b}}; }
      server { listen 80; server_name ${host};
        location ~ ^/pool/(?<pool>one|two)(/.*)$ { proxy_pass http://$pool$2$is_args$args; }
        location ~ ^/n/(\\w+)/ { proxy_pass http://$1; } }`,
    upstreams: { live: ['a', 'b'] },
    probes: [
      probe(req('/pool/one/x?k=1'), to('a', '/x?k=1')),
      probe(req('/pool/two/y/z'), { ...to('b', '/y/z'), upstreamHeaders: { host: 'two' } }),
      probe(req('/n/one/rest?x=1'), to('a', '/n/one/rest?x=1')),
      probe(req('/n/two/rest'), to('b', '/n/two/rest')),
      probe(req('/n/three/rest'), { status: 502 }),
    ],
  },
  {
    desc: '$proxy_host and the Host header with a variable target',
    config: `upstream backend { server {{a}}; }
      server { listen 80; server_name ${host};
        location / { proxy_pass http://$arg_up; proxy_set_header X-Proxy-Host $proxy_host; proxy_set_header X-Proxy-Port $proxy_port; }
        location /ip/ { proxy_pass http://{{a}}$uri$is_args$args; proxy_set_header X-Proxy-Host $proxy_host; }
        location /ip80/ { proxy_pass http://127.0.0.1:80$request_uri; }
        location /sock/ { proxy_pass http://{{a}}/s/$arg_n; add_header X-Up $upstream_addr; } }`,
    probes: [
      probe(req('/x?up=backend'), { status: 200, upstreamHeaders: { 'x-proxy-host': 'backend', 'x-proxy-port': '80', host: 'backend' } }),
      probe(req('/ip/a/./b?c=1'), { ...to('a', '/ip/a/b?c=1'), upstreamHeaders: { 'x-proxy-host': '{{a}}', host: '{{a}}' } }),
      probe(req('/sock/?n=7'), { ...to('a', '/s/7'), headers: { 'x-up': '{{a}}' } }),
    ],
  },
  {
    desc: 'proxy_redirect with a variable target: the implicit default, and explicit rules',
    config: `upstream backend { server {{a}}; }
      server { listen 80; server_name ${host};
        location /d/ { proxy_pass http://backend$request_uri; }
        location /i/ { proxy_pass http://{{a}}$request_uri; }
        location /e/ { proxy_pass http://{{a}}$request_uri; proxy_redirect http://{{a}}/moved/ /here/; } }`,
    probes: [
      probe(req('/d/redirect-abs'), { status: 302 }),
      probe(req('/i/redirect-abs'), { status: 302 }),
      probe(req('/i/redirect-rel'), { status: 302 }),
      probe(req('/e/redirect-abs'), { status: 302, headers: { location: `http://${host}:<proxy-port>/here/abs?x=1` } }),
    ],
  },
  {
    desc: 'the common capture pattern: location ~ ^/api/(.*)$ { proxy_pass http://backend/$1$is_args$args; }',
    config: `upstream backend { server {{a}}; }
      server { listen 80; server_name ${host};
        location ~ ^/api/(.*)$ { proxy_pass http://backend/$1$is_args$args; }
        location ~ ^/v1/(?<rest>.*)$ { proxy_pass http://backend/v2/$rest; }
        location ~* ^/host/ { proxy_pass http://$host; } }`,
    probes: [
      probe(req('/api/users/42?x=1&y=2'), to('a', '/users/42?x=1&y=2')),
      probe(req('/api/'), to('a', '/')),
      probe(req('/api/a%2Fb/c%25d'), to('a', '/a/b/c%d')),
      probe(req('/api/a%3Fb?q=1'), to('a', '/a?b?q=1')),
      probe(req('/api/a+b;c=d'), to('a', '/a+b;c=d')),
      probe(req('/api/x/../y'), to('a', '/y')),
      probe(req('/v1/items?page=2'), to('a', '/v2/items')),
      probe(req('/host/x'), { status: 502 }),
      probe(req('/HOST/x', { host: 'backend' }), to('a', '/HOST/x')),
    ],
  },
];

describeCases('conformance: proxy_pass with variables', cases);
