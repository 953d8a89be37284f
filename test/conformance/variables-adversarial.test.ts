// An independent differential pass over variables and captures: odd encodings in
// captures, server and location captures together, named vs numbered, rewrite flags,
// arguments with odd names, variable proxy_pass hosts and ports, methods and HTTP/1.0,
// long values, unusual request URIs, empty limit keys, cache keys and argument order.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importNginx } from '../../core/nginx/import-nginx.ts';
import { describeCases, usePortico } from './harness/case-suite.ts';
import { startPair, type Case, requestsTo, probe } from './harness/pair.ts';
import { send, type RawRequest } from './harness/raw-http.ts';
import { startNginx } from './harness/nginx.ts';
import { startUpstreams } from './harness/upstreams.ts';

const host = 'app.example.com';
const req = requestsTo(host);
const p = (target: string, extra: Partial<RawRequest> = {}) => probe(req(target, extra));

const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-conf-adv-'));
const long = 'x'.repeat(3000);
// Escapes and shapes a capture may hold; RAW_BYTES decode to a space or non-ASCII bytes.
const ODD = ['a%2Fb', '%25%32%46', 'a+b%2Bc', '%7e%7E', 'a//b', 'a/./b/../c', 'x%3Fy%23z', '%5B%5D%7C', 'a;b=c,d', '%2e%2e/x', '%22q%22', 'a%23b', 'n%00x', '%2525', 'a%3Fb?c=%3F', '%2F%2F', 'end%2F', '%41%42'];
// Control bytes (a%09b) are left out: they stay escaped in $uri and captures, a documented
// deliberate difference (docs/nginx-compatibility.md, "control bytes in $uri").
const RAW_BYTES = ['%C3%A9t%C3%A9', 'caf%c3%a9', 'sp%20ace?k=%20v', '%E2%82%AC%20%F0%9F%98%80'];

const cases: Case[] = [
  {
    desc: 'a regex without groups after a server name with captures; $is_args$args in redirecting rewrites',
    config: `server { listen 80; server_name ~^(\\w+)\\.(?<z>nc)\\.test$;
      location ~ ^/nc/ { return 200 "1=[$1] z=[$z]"; }
      location ~* ^/NCI/.+$ { return 200 "1=[$1] z=[$z]"; }
      location /rw/ { rewrite ^/rw/(.*)$ https://$host/$1$is_args$args permanent; }
      location /rq/ { rewrite ^/rq/(.*)$ /t/$1?x=$1 redirect; }
      location /rr/ { rewrite ^/rr/(.*)$ /t/$1/ permanent; }
      location /ra/ { rewrite ^/ra/(.*)$ $scheme://$host/$1? redirect; } }`,
    probes: [
      p('/nc/a', { host: 'www.nc.test' }), p('/nci/a', { host: 'www.nc.test' }),
      p('/rw/a?q=1', { host: 'www.nc.test' }), p('/rw/a', { host: 'www.nc.test' }), p('/rw/a%20b?q=%20', { host: 'www.nc.test' }),
      p('/rq/a?q=1', { host: 'www.nc.test' }), p('/rq/a%26b?q=1', { host: 'www.nc.test' }), p('/rr/dir?q=1&r=2', { host: 'www.nc.test' }),
      p('/ra/p?q=1', { host: 'www.nc.test' }), p('/ra/%3F?q=1', { host: 'www.nc.test' }),
    ],
  },
  {
    desc: 'the pool from $host, $http_host, $server_name: case, a trailing dot, a port in Host',
    config: `upstream one { server {{a}}; } upstream two { server {{b}}; } upstream backend { server {{a}}; }
      server { listen 80; server_name backend other.example;
        location /h/ { proxy_pass http://$host$request_uri; }
        location /hh/ { proxy_pass http://$http_host$request_uri; }
        location /sn/ { proxy_pass http://$server_name; } }`,
    upstreams: { live: ['a', 'b'] },
    probes: [
      p('/h/x', { host: 'backend' }), p('/h/x', { host: 'BACKEND' }), p('/h/x', { host: 'backend.' }), p('/h/x', { host: 'backend:80' }),
      p('/hh/x', { host: 'backend' }), p('/hh/x', { host: 'BackEnd' }), p('/hh/x', { host: 'backend:80' }), p('/hh/x', { host: 'backend.' }),
      p('/sn/x', { host: 'other.example' }), p('/h/x', { host: null, version: '1.0' }),
    ],
  },
  {
    desc: 'the pool named by a server name capture, by a capture glued to literal text, ten groups, ${name}x',
    config: `upstream one { server {{a}}; } upstream pool2 { server {{b}}; }
      server { listen 80; server_name ~^(?<svc>\\w+)\\.svc\\.test$;
        location / { proxy_pass http://$svc; }
        location ~ ^/z(\\d)/ { proxy_pass http://pool$1; }
        location ~ ^/ten/(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)$ { return 200 "9=$9 10=$10"; }
        location ~ ^/nm/(?<a_1>\\w+)$ { return 200 "${"$"}{a_1}x $a_1-"; } }`,
    upstreams: { live: ['a', 'b'] },
    probes: [
      p('/x?k=1', { host: 'one.svc.test' }), p('/x', { host: 'ONE.svc.test' }), p('/x', { host: 'two.svc.test' }),
      p('/z2/p', { host: 'one.svc.test' }), p('/z3/p', { host: 'one.svc.test' }),
      p('/ten/abcdefghij', { host: 'one.svc.test' }), p('/nm/val', { host: 'one.svc.test' }),
    ],
  },
  {
    desc: 'rewrites that change $uri and $args before a variable proxy_pass; $request_uri stays as sent',
    config: `upstream backend { server {{a}}; }
      server { listen 80; server_name ${host};
        location /b/ { rewrite ^/b/(.*)$ /$1 break; proxy_pass http://backend$uri$is_args$args; proxy_set_header X-RU $request_uri; }
        location /n/ { rewrite ^/n/(.*)$ /m/$1?added=1 break; proxy_pass http://backend; proxy_set_header X-Args "[$args][$is_args][$arg_added]"; }
        location /d/ { rewrite ^/d/(.*)$ /e/$1? break; proxy_pass http://backend; proxy_set_header X-Args "[$args][$is_args]"; }
        location /s/ { rewrite ^/s/(.*)$ /t/$1 break; proxy_pass http://backend/u/; } }`,
    probes: [
      p('/b/x/y?k=v'), p('/b/a%2Fb'), p('/b/?'), p('/n/x?orig=2'), p('/n/x'), p('/d/x?orig=2'), p('/s/x?q=1'), p('/s/%7Bx%7D'),
    ],
  },
  {
    desc: 'cache keys from arguments alone: an empty key is one entry',
    config: `proxy_cache_path ${cacheDir}/ak keys_zone=k_arg:1m;
      server { listen 80; server_name ${host};
        location / { proxy_pass http://{{a}}; proxy_cache k_arg; proxy_cache_key $arg_k; proxy_cache_valid 200 1m; add_header X-Cache $upstream_cache_status; } }`,
    probes: [p('/x'), p('/y'), p('/y?k='), p('/y?k=1'), p('/z?K=1'), p('/z?k=1&k=2'), p('/z?a=1&k=2')],
  },
  {
    desc: 'https to a plain upstream by variable, methods with bodies, $content_length',
    config: `upstream backend { server {{a}}; }
      server { listen 80; server_name ${host};
        location /s/ { proxy_pass https://$arg_up; }
        location ~ ^/m/(.*)$ { proxy_pass http://backend/$1$is_args$args; proxy_set_header X-CL "[$content_length][$request_method]"; } }`,
    probes: [
      p('/s/?up=backend'), p('/m/x?a=1', { method: 'POST', body: 'abc' }), p('/m/x', { method: 'PUT', body: 'abcd' }),
      p('/m/y', { method: 'PATCH', body: '' }), p('/m/y', { version: '1.0', method: 'POST', body: 'x' }),
    ],
  },
  {
    desc: 'UTF-8 typed in the configuration next to captured bytes: return, add_header, proxy_set_header, redirects',
    config: `server { listen 80; server_name ${host};
      location ~ ^/t/(.*)$ { return 200 "café $1 ü"; }
      location ~ ^/h/(.*)$ { add_header X-Lit "café" always; add_header X-Cap "[$1]" always; return 204; }
      location ~ ^/u/(.*)$ { proxy_pass http://{{a}}; proxy_set_header X-Mix "é-$1"; }
      location ~ ^/r/(.*)$ { return 302 /to/$1; }
      location ~ ^/w/(.*)$ { rewrite ^ /to/$1 redirect; } }`,
    probes: ['/t/', '/h/', '/u/', '/r/', '/w/'].flatMap((prefix) => ['x', 'caf%C3%A9', '%E2%82%AC', 'a%20b'].map((t) => p(prefix + t))),
  },
  {
    desc: 'optional groups that did not take part: numbered and named, and a named group the server name also has',
    config: `server { listen 80; server_name ~^(?<sub>\\w+)\\.opt\\.test$;
      location ~ ^/o/(?<sub>x)?y(z)?$ { return 200 "sub=[$sub] 1=[$1] 2=[$2]"; }
      location ~ ^/q/(a)?(?<n>b)?(c)$ { proxy_pass http://{{a}}/t/$1$n$2; proxy_set_header X-N "[$n][$1][$2][$3]"; }
      location /k/ { return 200 "sub=[$sub] 1=[$1]"; } }`,
    probes: [
      p('/o/y', { host: 'srv.opt.test' }), p('/o/xyz', { host: 'srv.opt.test' }), p('/o/yz', { host: 'srv.opt.test' }),
      p('/q/c', { host: 'srv.opt.test' }), p('/q/ac', { host: 'srv.opt.test' }), p('/q/bc', { host: 'srv.opt.test' }), p('/q/abc', { host: 'srv.opt.test' }),
      p('/k/', { host: 'srv.opt.test' }), p('/k/', { host: 'srv.opt.test', version: '1.0' }),
    ],
  },
  {
    desc: 'odd encodings in captures: return, header, proxy_pass URI part',
    config: `server { listen 80; server_name ${host};
      location ~ ^/e/(.*)$ { return 200 "[$1]"; }
      location ~ ^/h/(.*)$ { proxy_pass http://{{a}}; proxy_set_header X-Cap "[$1]"; }
      location ~ ^/pe/(.*)$ { proxy_pass http://{{a}}/x/$1; }
      location ~ ^/pq/(.*)$ { proxy_pass http://{{a}}/x/$1?$args; } }`,
    probes: [
      ...['/e/', '/h/'].flatMap((prefix) => [...ODD, ...RAW_BYTES].map((t) => p(prefix + t))),
      // A space or non-ASCII byte through a URI part: a documented difference (below).
      ...['/pe/', '/pq/'].flatMap((prefix) => ODD.map((t) => p(prefix + t))),
      probe(req('/e/%FF%FE'), { status: 200 }),
      p('/e/caf%C3%A9', { method: 'HEAD' }), p('/e/caf%C3%A9', { version: '1.0' }),
      // Bodies are read one char per byte: "été" in UTF-8.
      probe(req('/e/%C3%A9t%C3%A9'), { status: 200, body: '[\u00c3\u00a9t\u00c3\u00a9]' }),
    ],
  },
  {
    desc: 'captures across server and location regexes, named vs numbered',
    config: `server { listen 80; server_name ~^(?<sub>\\w+)\\.(\\w+)\\.test$;
      location ~ ^/l/(\\w+)$ { return 200 "sub=$sub 1=$1 2=$2"; }
      location ~ ^/s/(?<sub>\\w+)$ { return 200 "sub=$sub 1=$1"; }
      location ~ ^/n/(?<a>\\w)(?<b>\\w)(\\w)$ { return 200 "a=$a b=$b 1=$1 2=$2 3=$3 4=$4 10=$10"; }
      location ~ ^/p/(\\w+)$ { proxy_pass http://{{a}}/srv/$sub/$1; proxy_set_header X-Sub $sub; add_header X-Two "$2" always; }
      location / { return 200 "sub=$sub 1=$1 2=$2"; } }`,
    probes: [
      p('/l/abc', { host: 'www.zone.test' }),
      p('/s/loc', { host: 'www.zone.test' }),
      p('/n/xyz', { host: 'www.zone.test' }),
      p('/p/q', { host: 'shop.zone.test' }),
      p('/other', { host: 'WWW.Zone.Test' }),
      p('/other', { host: 'www.zone.test.' }),
    ],
  },
  {
    desc: 'captures through rewrite chains with last, break, redirect, permanent',
    config: `server { listen 80; server_name ${host};
      location /a/ { rewrite ^/a/(\\w+)/(\\w+)$ /b/$2/$1; rewrite ^/b/(\\w+)/(\\w+)$ /c/$1-$2 last; return 200 "not reached"; }
      location /c/ { return 200 "uri=$uri 1=$1 2=$2 args=$args"; }
      location /br/ { rewrite ^/br/(.*)$ /up/$1 break; proxy_pass http://{{a}}; proxy_set_header X-One $1; }
      location /rd/ { rewrite ^/rd/(\\w+)(.*)$ /t/$1?a=$2 redirect; }
      location /pm/ { rewrite ^/pm/(.*)$ /t/$1? permanent; }
      location /ab/ { rewrite ^/ab/(.*)$ http://other.example/$1?x=1 last; }
      location ~ ^/loop/(\\d)$ { rewrite ^/loop/(\\d)$ /c/$1$1 last; } }`,
    probes: [
      p('/a/x/y'), p('/a/x/y?q=1'), p('/br/p/q?z=1'), p('/rd/abc/def?k=v'), p('/rd/a%20b?k=v'),
      p('/pm/a/b?k=v'), p('/pm/a%2Fb'), p('/ab/y?z=2'), p('/loop/7?m=1'),
    ],
  },
  {
    desc: '$is_args$args with empty "?", repeated args, $arg_ next to dots and dashes, upper case names',
    config: `server { listen 80; server_name ${host};
      location /r/ { return 200 "is=[$is_args] args=[$args] a=[$arg_a] a.b=[$arg_a.b] a-b=[$arg_a-b] AB=[$arg_A_B]"; }
      location /p/ { proxy_pass http://{{a}}/t$is_args$args; }
      location /q/ { proxy_pass http://{{a}}/t?$args; } }`,
    probes: ['/r/', '/p/', '/q/'].flatMap((prefix) =>
      ['x?', 'x?&', 'x?a=1&a=2', 'x?a=&a=2', 'x?a', 'x?&a=3', 'x?=1&a=', 'x?a==b', 'x?a.b=1&a-b=2', 'x?a_b=1&A_B=2', 'x?%61=1&a=2', 'x?a=1%26b', 'x??a=1', 'x?a=1#f'].map((t) => p(prefix + t)),
    ),
  },
  {
    desc: 'proxy_pass with a variable host: upstream name case, dots, underscores, ports, IPv6 literals',
    config: `upstream Api.Internal { server {{a}}; }
      upstream backend { server {{b}}; }
      upstream my_back-end { server {{a}}; }
      server { listen 80; server_name ${host};
        location /h/ { proxy_pass http://$arg_up/path$is_args$args; }
        location /s/ { proxy_pass http://$arg_up; proxy_set_header X-PH $proxy_host; } }`,
    upstreams: { live: ['a', 'b'] },
    probes: [
      p('/h/?up=api.internal'), p('/h/?up=API.INTERNAL'), p('/h/?up=Backend'), p('/h/?up=backend.'), p('/h/?up=[::1]:1'),
      p('/h/?up=[::1'), p('/h/?up=backend:'), p('/h/?up=backend:0'), p('/h/?up=127.0.0.1:1'), p('/h/?up=b%61ckend'),
      p('/s/deep?up=api.internal'), p('/h/?up=MY_BACK-END'), p('/h/?up=my_back-end:080'), p('/h/?up=backend:65535'), p('/h/?up=backend/x'), p('/h/?up=backend%3F'), p('/h/?up=back%20end'), p('/s/deep?up=backend&x=%20'), p('/h/?up=api.internal.'), p('/h/?up=api%2Einternal'), p('/h/?up=127.0.0.1:0'),
    ],
  },
  {
    desc: 'HEAD, POST, HTTP/1.0 through variable targets',
    config: `upstream backend { server {{a}}; }
      server { listen 80; server_name backend;
        location / { proxy_pass http://$host$request_uri; }
        location ~ ^/cap/(.*)$ { proxy_pass http://backend/$1; } }`,
    probes: [
      p('/x?y=1', { host: 'backend', method: 'HEAD' }),
      p('/x', { host: 'backend', method: 'POST', body: 'hello' }),
      p('/x?y=1', { host: null, version: '1.0' }),
      p('/x', { host: 'Backend', version: '1.0' }),
      p('/cap/a%2Fb', { host: 'backend', method: 'DELETE' }),
      p('/cap/z', { host: 'backend', method: 'OPTIONS' }),
    ],
  },
  {
    desc: 'long values in captures and arguments',
    config: `server { listen 80; server_name ${host};
      location ~ ^/l/(.*)$ { proxy_pass http://{{a}}/t/$1; proxy_set_header X-Arg $arg_v; add_header X-Len "$1" always; }
      location /r/ { return 200 "$arg_v"; } }`,
    probes: [p(`/l/${long}?v=${long}`), p(`/r/?v=${long}&w=1`)],
  },
  {
    desc: 'unusual characters in $request_uri: return, header, proxy_pass',
    config: `server { listen 80; server_name ${host};
      location /r/ { return 200 "ru=[$request_uri]"; }
      location /h/ { proxy_pass http://{{a}}; proxy_set_header X-RU $request_uri; }
      location /p/ { proxy_pass http://{{a}}$request_uri; } }`,
    probes: ['/r/', '/h/', '/p/'].flatMap((prefix) =>
      ['a"b', "a'b", 'a<b>', 'a|b', 'a{b}', 'a^b', 'a`b', '%zz', 'a%2', '~user', 'a!$&()*+,;=@', 'x?a="1"&b=<2>', 'x?a=%zz', 'x?%'].map((t) => p(prefix + t)),
    ).concat(['/r/x#frag', '/r/x?a=1#f', '/p/x#frag', '/p/x?a=1#f'].map((t) => p(t)), [p(`http://${host}/r/abs?q=1`), p(`http://other.example/r/abs`)]),
  },
  {
    desc: 'limit keys with empty values are not counted',
    config: `limit_req_zone $arg_a$arg_b zone=two_args:1m rate=1r/m;
      limit_req_zone $http_x_key zone=by_header:1m rate=1r/m;
      limit_req_zone $arg_u zone=by_u:1m rate=1r/m;
      limit_conn_zone $arg_c zone=conn_c:1m;
      limit_req_zone $request_uri zone=by_ru:1m rate=1r/m;
      limit_req_zone $args zone=by_args:1m rate=1r/m;
      server { listen 80; server_name ${host};
        location /two/ { limit_req zone=two_args; return 200 "ok"; }
        location /hdr/ { limit_req zone=by_header; return 200 "ok"; }
        location /u/ { limit_req zone=by_u; return 200 "ok"; }
        location /c/ { limit_conn conn_c 1; return 200 "ok"; }
        location /ru/ { limit_req zone=by_ru; return 200 "ok"; }
        location /ar/ { limit_req zone=by_args; return 200 "ok"; } }`,
    probes: [
      p('/two/'), p('/two/'), p('/two/?a='), p('/two/?b=&a='),
      p('/two/?a=1'), p('/two/?a=1'), p('/two/?b=1'), p('/two/?a=1&b=2'), p('/two/?a=1&b=2'),
      p('/hdr/'), p('/hdr/'), p('/hdr/', { headers: [['X-Key', '']] }), p('/hdr/', { headers: [['X-Key', '']] }),
      p('/hdr/', { headers: [['X-Key', 'k']] }), p('/hdr/', { headers: [['X-Key', 'k']] }),
      p('/u/?u='), p('/u/?u='), p('/u/?u'), p('/u/?u'), p('/u/?u=1'), p('/u/?U=1'),
      p('/c/'), p('/c/?c=1'),
      p('/ru/x?'), p('/ru/x'), p('/ru/x?'), p('/ru/X'), p(`http://${host}/ru/y?a`), p('/ru/y?a'), p('/ru/./z'), p('/ru/z'),
      p('/ar/?'), p('/ar/?'), p('/ar/'), p('/ar/?&'), p('/ar/?&'), p('/ar/x?a=1'), p('/ar/y?a=1'),
    ],
  },
  {
    desc: 'cache keys: argument order, $args, host case, empty args',
    config: `proxy_cache_path ${cacheDir}/ru keys_zone=k_ru:1m;
      proxy_cache_path ${cacheDir}/ar keys_zone=k_args:1m;
      proxy_cache_path ${cacheDir}/hu keys_zone=k_host:1m;
      server { listen 80; server_name ${host} *.example.com;
        location /ru/ { proxy_pass http://{{a}}; proxy_cache k_ru; proxy_cache_key $request_uri; proxy_cache_valid 200 1m; add_header X-Cache $upstream_cache_status; }
        location /ar/ { proxy_pass http://{{a}}; proxy_cache k_args; proxy_cache_key $uri$is_args$args; proxy_cache_valid 200 1m; add_header X-Cache $upstream_cache_status; }
        location /hu/ { proxy_pass http://{{a}}; proxy_cache k_host; proxy_cache_key $host$uri; proxy_cache_valid 200 1m; add_header X-Cache $upstream_cache_status; } }`,
    probes: [
      p('/ru/x?a=1&b=2'), p('/ru/x?b=2&a=1'), p('/ru/x?a=1&b=2'), p('/ru/x?'), p('/ru/x'), p('/ru/x?'),
      p('/ar/x?a=1&b=2'), p('/ar/x?b=2&a=1'), p('/ar/x?'), p('/ar/x'), p('/ar/./x'),
      p('/hu/x', { host: 'app.example.com' }), p('/hu/x', { host: 'APP.Example.com' }), p('/hu/x', { host: 'app.example.com:80' }), p('/hu/x', { host: 'b.example.com' }),
    ],
  },
];

describeCases('conformance: variables and captures, adversarial', cases, { cleanup: () => fs.rmSync(cacheDir, { recursive: true, force: true }) });

describe('conformance: variables and captures, adversarial, the documented differences', () => {
  const portico = usePortico();

  it('a space or non-ASCII byte of a capture in a URI part: nginx sends it raw (the upstream refuses the line), Portico percent-encoded', async () => {
    const pair = await startPair(portico(), `server { listen 80; server_name ${host}; location ~ ^/pe/(.*)$ { proxy_pass http://{{a}}/x/$1; } }`, { live: ['a'] });
    try {
      for (const [target, sent] of [['/pe/sp%20ace', '/x/sp%20ace'], ['/pe/caf%c3%a9', '/x/caf%C3%A9'], ['/pe/a%09b', '/x/a%09b']] as const) {
        const seen = await pair.send(req(target));
        expect.soft(seen.nginx.status, target).toBe(400);
        expect.soft(seen.nginx.upstream, target).toEqual([]);
        expect.soft(seen.portico.status, target).toBe(200);
        expect.soft(seen.portico.upstream[0]?.target, target).toBe(sent);
      }
    } finally {
      await pair.close();
    }
  });

  it('the port of a variable target from a variable: http://$arg_h:$arg_p/path', async () => {
    const pair = await startPair(
      portico(),
      `upstream backend { server {{a}}; }
      server { listen 80; server_name ${host};
        location /hp/ { proxy_pass http://$arg_h:$arg_p/path$is_args$args; }
        location /ip/ { proxy_pass http://127.0.0.1:$arg_p$request_uri; proxy_set_header X-PH $proxy_host; } }`,
      { live: ['a'] },
    );
    try {
      const port = pair.upstreams.addresses.a!.split(':')[1]!;
      for (const target of [`/hp/?h=127.0.0.1&p=${port}`, `/hp/x?p=${port}&h=127.0.0.1`, `/hp/?h=backend&p=${port}`, `/hp/?h=127.0.0.1&p=`, `/hp/?h=127.0.0.1&p=99999`, `/ip/a?p=${port}`, `/ip/a/../b?p=${port}&q`, `/ip/?p=x${port}`]) {
        const seen = await pair.send(req(target));
        expect.soft(seen.portico, target).toEqual(seen.nginx);
      }
      const ok = await pair.send(req(`/ip/a?p=${port}`));
      expect.soft(ok.nginx.upstream[0]?.target).toBe(`/ip/a?p=${port}`);
      const byName = await send(pair.nginx.port, req(`/hp/?h=backend&p=${port}`));
      expect.soft(byName.status).toBe(502);
    } finally {
      await pair.close();
    }
  });

  it('a variable naming "host:port" of a literal proxy_pass elsewhere (an implicit upstream), and a named upstream with a port', async () => {
    const upstreams = await startUpstreams({ live: ['a'] });
    const port = upstreams.addresses.a!.split(':')[1]!;
    const config = `upstream backend { server ${upstreams.addresses.a}; }
      server { listen 80; server_name ${host};
        location /lit/ { proxy_pass http://localhost:${port}; }
        location /var/ { proxy_pass http://$arg_up/v$is_args$args; }
        location /lp/ { proxy_pass http://backend:${port}$request_uri; } }`;
    await portico().apply(config);
    const nginx = await startNginx(config);
    try {
      for (const target of [`/var/?up=localhost:${port}`, `/var/?up=LOCALHOST:${port}`, '/var/?up=localhost', `/var/?up=backend:${port}`, '/lp/x', '/lit/x']) {
        const seen: Record<string, { status: number; target: string | undefined }> = {};
        for (const [name, proxyPort] of [['nginx', nginx.port], ['portico', portico().port]] as const) {
          const mark = upstreams.log.length;
          const response = await send(proxyPort, req(target));
          seen[name] = { status: response.status, target: upstreams.log.slice(mark)[0]?.target };
        }
        expect.soft(seen.portico, target).toEqual(seen.nginx);
      }
    } finally {
      await Promise.all([nginx.stop(), upstreams.close()]);
    }
  });

  it('proxy_pass whose scheme comes from a variable: not imported, warned as unsupported', () => {
    const plan = importNginx(`server { listen 80; server_name ${host}; location /w/ { proxy_pass $arg_t; } location / { return 200; } }`);
    const unsupported = plan.warnings.filter((w) => w.kind === 'unsupported');
    expect(unsupported).toHaveLength(1);
    expect(unsupported[0]!.message).toMatch(/must start with http:\/\/ or https:\/\//);
  });
});

describe('the tracer on variable targets says what nginx sends', () => {
  const portico = usePortico();

  it('the upstream path, or the answer when the target does not resolve', async () => {
    const pair = await startPair(
      portico(),
      `upstream backend { server {{a}}; }
      server { listen 80; server_name ${host};
        location ~ ^/api/(?<rest>.*)$ { proxy_pass http://backend/v2/$rest$is_args$args; }
        location /q/ { proxy_pass http://$arg_up$request_uri; }
        location ~ ^/c/(\\w+)/(.*)$ { proxy_pass http://$1/$2; } }`,
      { live: ['a'] },
    );
    const token = fs.readFileSync(path.join(portico().dataDir, 'engine.token'), 'utf8').trim();
    const trace = async (target: string) => {
      const res = await fetch(`http://127.0.0.1:${portico().engine.ports.control}/trace`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ url: `http://${host}${target}` }),
      });
      return (await res.json()) as { action: { kind: string; status?: number; upstreamRequest?: { path: string } } };
    };
    try {
      for (const target of ['/api/a/b?x=1', '/api/a%2Fb', '/api/%7Bx%7D', '/api/', '/q/x?up=backend', '/q/x?up=BACKEND&k', '/q/x?up=nowhere.invalid', '/c/backend/p/q?z', '/c/nope/p']) {
        const seen = await pair.send(req(target));
        const traced = await trace(target);
        if (seen.nginx.upstream.length > 0) {
          expect.soft(traced.action.kind, target).toBe('proxy');
          expect.soft(traced.action.upstreamRequest?.path, target).toBe(seen.nginx.upstream[0]!.target);
        } else {
          expect.soft(traced.action, target).toEqual({ kind: 'return', status: seen.nginx.status });
        }
      }
    } finally {
      await pair.close();
    }
  });
});
