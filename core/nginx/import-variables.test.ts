import { describe } from 'vitest';
import { host, location, run, server } from '../../test/helpers/import-test-cases.ts';

const upstream = 'upstream backend { server 127.0.0.1:3001; } ';

describe('variables and captures', () => {
  run([
    {
      desc: 'proxy_pass with variables becomes a target evaluated per request',
      input: upstream + server('location /a/ { proxy_pass http://backend$request_uri; } location /b/ { proxy_pass https://$arg_up/x$is_args$args; }'),
      select: (p) => [location(p, '/a/').action, location(p, '/b/').action],
      expected: [
        { kind: 'proxy', scheme: 'http', target: 'backend$request_uri', uri: null, keepEncodedSlashes: false },
        { kind: 'proxy', scheme: 'https', target: '$arg_up/x$is_args$args', uri: null, keepEncodedSlashes: false },
      ],
    },
    {
      desc: 'a literal host name that is no upstream is noted (502 without a resolver, as nginx)',
      input: server('location / { proxy_pass http://example.org$request_uri; }'),
      select: (p) => location(p, '/').action,
      expected: { kind: 'proxy', scheme: 'http', target: 'example.org$request_uri', uri: null, keepEncodedSlashes: false },
      warnings: ['note proxy_pass'],
    },
    {
      desc: 'with a resolver the variable target is imported and warned: Portico resolves no names',
      input: server('resolver 127.0.0.53; location / { proxy_pass http://$host$request_uri; }'),
      select: (p) => host(p).locations.length,
      expected: 1,
      warnings: ['unsupported proxy_pass'],
    },
    {
      desc: 'proxy_pass with an unknown variable is not imported',
      input: server('location / { proxy_pass http://$made_up; }'),
      select: (p) => host(p).locations.length,
      expected: 0,
      warnings: ['unsupported proxy_pass'],
    },
    {
      desc: 'named captures of server names, locations and rewrites are variables',
      input: server(
        'location ~ ^/u/(?<id>\\d+)$ { add_header X-Id $id; proxy_set_header X-Sub $sub; proxy_pass http://127.0.0.1:3000; } location /r/ { rewrite ^/r/(?P<rest>.*)$ /z/$rest; return 200 "$rest $sub"; }',
        'listen 80; server_name ~^(?<sub>[a-z]+)\\.example\\.com$;',
      ),
      // The return after a rewrite is a rewrite step, run in order after it (rewrite module).
      select: (p) => [location(p, '^/u/(?<id>\\d+)$').policies.responseHeaders?.add, location(p, '/r/').policies.rewriteSteps?.[1]],
      expected: [[{ name: 'X-Id', value: '$id', always: false }], { kind: 'return', status: 200, text: '$rest $sub', contentType: 'text/plain' }],
      // No content directive is left in the location: nginx's default root, noted.
      warnings: ['note location'],
    },
    {
      desc: 'alias with captures in a regex location',
      input: server('location ~ ^/img/(.+)$ { alias /srv/img/$1; } location ~ ^/one/ { alias /srv/one.txt; }'),
      select: (p) => host(p).locations.map((l) => l.action),
      expected: [
        { kind: 'static', alias: '/srv/img/$1', index: ['index.html'], autoindex: false },
        { kind: 'static', alias: '/srv/one.txt', index: ['index.html'], autoindex: false },
      ],
    },
    {
      desc: '$request_uri, $args, $is_args and $arg_ are limit keys of their own',
      input: 'limit_req_zone $request_uri zone=a:1m rate=1r/s; limit_req_zone $uri$is_args$args zone=b:1m rate=1r/s; limit_conn_zone $arg_user zone=c:1m; ' + server('location / { return 200; }'),
      select: (p) => p.limitZones.map((z) => z.key?.parts),
      expected: [[{ source: 'request_uri' }], [{ source: 'uri' }, { source: 'is_args' }, { source: 'args' }], [{ source: 'arg', name: 'user' }]],
    },
  ]);
});
