// A `#fragment` in the request target (clients never send one; raw HTTP can): what nginx
// makes of it in $uri, $args, $request_uri, the location search, rewrites and a proxy_pass
// with a URI part, compared with Portico. nginx forwards it raw through a proxy_pass
// without a URI part, Portico drops it there: the documented difference, checked both ways.
import { describe, expect, it } from 'vitest';
import { describeCases, usePair } from './harness/case-suite.ts';
import { type Case, requestsTo } from './harness/pair.ts';
import { send } from './harness/raw-http.ts';

const host = 'app.example.com';
const req = requestsTo(host);

const cases: Case[] = [
  {
    desc: '#fragment: $uri, $args, $request_uri, locations, rewrites, a proxy_pass URI part',
    config: `server { listen 80; server_name ${host};
      location /r/ { return 200 "uri=[$uri] args=[$args] ru=[$request_uri] a=[$arg_a]"; }
      location = /exact { return 200 "exact uri=[$uri]"; }
      location ~ ^/re/(.*)$ { return 200 "re 1=[$1]"; }
      location /rw/ { rewrite ^/rw/(.*)$ /r/$1 last; }
      location /part/ { proxy_pass http://{{a}}/base/; }
      location / { return 200 "root uri=[$uri]"; } }`,
    probes: ['/r/x#frag', '/r/x?a=1#f', '/r/x#f?a=1', '/r/a%23b', '/exact#x', '/re/abc#def', '/rw/y#z', '/part/x#frag', '/part/x?q=1#f', '/#only'].map((t) => ({ req: req(t) })),
  },
];

describeCases('conformance: #fragment in the request target', cases);

describe('conformance: #fragment through a proxy_pass without a URI part (documented difference)', () => {
  const pair = usePair(`server { listen 80; server_name ${host}; location / { proxy_pass http://{{a}}; } }`, { live: ['a'] });
  it('nginx forwards the target raw, Portico without the fragment', async () => {
    for (const [target, sent] of [['/p/x#frag', '/p/x'], ['/p/x?a=1#f', '/p/x?a=1']] as const) {
      const mark = pair().upstreams.log.length;
      await send(pair().nginx.port, req(target));
      expect.soft(pair().upstreams.log.slice(mark).map((s) => s.target)).toEqual([target]);
      const mark2 = pair().upstreams.log.length;
      await send(pair().portico.port, req(target));
      expect.soft(pair().upstreams.log.slice(mark2).map((s) => s.target)).toEqual([sent]);
    }
  });
});
