// `map` at the http level: exact keys (case ignored), regexes in order (~ and ~*), their
// captures in the value, `hostnames` masks and their precedence, `default` and no default,
// escaped and quoted keys, variables in sources and values, maps reading maps, `volatile`
// and `set`, and the mapped variable where nginx uses variables: return, add_header,
// proxy_set_header, proxy_pass (upstream block or address), rewrite, if, set, cache keys.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeCases } from './harness/case-suite.ts';
import { type Case, requestsTo, probe } from './harness/pair.ts';
import type { RawRequest } from './harness/raw-http.ts';

const host = 'app.example.com';
const req = requestsTo(host);
const withHeader = (target: string, name: string, value: string, extra: Partial<RawRequest> = {}) => req(target, { headers: [[name, value]], ...extra });
const body = (text: string) => ({ status: 200, body: text });
/** What the harness reads: the body's bytes, one char each. */
const bytes = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-conf-map-'));
// Files for `expires` by type: nginx and Portico read the same directory.
const staticDir = path.join(cacheDir, 'files');
fs.mkdirSync(staticDir);
for (const name of ['a.png', 'b.css', 'c.txt']) fs.writeFileSync(path.join(staticDir, name), name);
const cached = (request: RawRequest, status: string) => probe(request, { status: 200, headers: { 'x-cache': status } });

const cases: Case[] = [
  {
    desc: 'exact keys ignore ASCII case; regexes after them in order, ~ case-sensitive, ~* not; default; no default is empty',
    config: `map $http_x_env $env_name { default other; Staging stage; PROD prod; "" none; ~^dev dev-re; ~*^QA qa-re; ~^stag stag-re; }
      map $http_x_env $no_default { prod yes; }
      server { listen 80; server_name ${host}; location / { return 200 "[$env_name][$no_default]"; } }`,
    probes: [
      probe(withHeader('/', 'X-Env', 'staging'), body('[stage][]')),
      probe(withHeader('/', 'X-Env', 'STAGING'), body('[stage][]')),
      probe(withHeader('/', 'X-Env', 'Prod'), body('[prod][yes]')),
      probe(withHeader('/', 'X-Env', 'staging2'), body('[stag-re][]')),
      probe(withHeader('/', 'X-Env', 'Dev1'), body('[other][]')),
      probe(withHeader('/', 'X-Env', 'dev1'), body('[dev-re][]')),
      probe(withHeader('/', 'X-Env', 'qa7'), body('[qa-re][]')),
      probe(withHeader('/', 'X-Env', 'QA7'), body('[qa-re][]')),
      probe(req('/'), body('[none][]')),
      probe(withHeader('/', 'X-Env', 'something'), body('[other][]')),
    ],
  },
  {
    desc: 'an empty source matches the "" key, never a regex; a value may be empty',
    config: `map $arg_v $empty_re { ~^$ re-empty; ~.* any; default def; }
      map $arg_w $empty_value { a ""; default "d"; }
      server { listen 80; server_name ${host}; location / { return 200 "[$empty_re][$empty_value]"; } }`,
    probes: [
      probe(req('/'), body('[def][d]')),
      probe(req('/?v='), body('[def][d]')),
      probe(req('/?v=x&w=a'), body('[any][]')),
      probe(req('/?w=A'), body('[def][]')),
    ],
  },
  {
    desc: 'captures of the map\'s regex in the value: numbered, named, absent groups; a later regex is not tried',
    config: `map $uri $from_uri { ~^/users/(\\d+)/(?<tab>[a-z]+)?$ "user $1 tab=$tab ($2)"; ~^/files/(.*)\\.(jpe?g|png)$ "image:$2:$1"; ~*^/DOCS/(.+) "docs:$1"; ~^/users/ fallback; default "no:$uri"; }
      server { listen 80; server_name ${host}; location / { return 200 "$from_uri"; } }`,
    probes: [
      probe(req('/users/42/posts'), body('user 42 tab=posts (posts)')),
      probe(req('/users/42/'), body('user 42 tab= ()')),
      probe(req('/users/x'), body('fallback')),
      probe(req('/files/a/b.jpeg'), body('image:jpeg:a/b')),
      probe(req('/files/a.gif'), body('no:/files/a.gif')),
      probe(req('/docs/Intro'), body('docs:Intro')),
      probe(req('/DoCs/a%20b'), body('docs:a b')),
    ],
  },
  {
    desc: 'sources combining variables; values with other variables',
    config: `map "$request_method:$arg_mode" $combo { "GET:fast" get-fast; ~^POST: "post($arg_mode)"; default "$request_method-$host"; }
      map $cookie_lang $greeting { fr bonjour; de hallo; default "hello $cookie_lang"; }
      server { listen 80; server_name ${host}; location / { return 200 "$combo|$greeting"; } }`,
    probes: [
      probe(req('/?mode=fast'), body('get-fast|hello ')),
      probe(req('/?mode=FAST'), body('get-fast|hello ')),
      probe(req('/?mode=slow', { method: 'POST', body: 'x' }), body('post(slow)|hello ')),
      probe(req('/', { method: 'HEAD' }), { status: 200, body: '' }),
      probe(req('/?mode=x', { headers: [['Cookie', 'a=1; lang=fr']] }), body('GET-app.example.com|bonjour')),
      probe(req('/', { headers: [['Cookie', 'lang=es']] }), body('GET-app.example.com|hello es')),
      probe(req('/', { host: 'App.Example.COM' }), body('GET-app.example.com|hello ')),
    ],
  },
  {
    desc: 'hostnames: exact names first, then the longest *.x or .x mask, then the longest x.* mask; a trailing dot is ignored',
    config: `map $http_x_name $site { hostnames; default none; example.com exact; .example.org dot-org; *.example.com star; *.deep.example.com deeper; www.example.* tail; www.* www-any; Mixed.Example.NET mixed; ~^www\\.example\\.com$ regex-never-first; }
      server { listen 80; server_name ${host}; location / { return 200 "$site"; } }`,
    probes: [
      ...[
        ['example.com', 'exact'],
        ['EXAMPLE.com.', 'exact'],
        ['a.example.com', 'star'],
        ['a.b.example.com', 'star'],
        ['deep.example.com', 'star'],
        ['x.deep.example.com', 'deeper'],
        ['www.example.com', 'star'],
        ['example.org', 'dot-org'],
        ['x.y.example.org', 'dot-org'],
        ['www.example.net', 'tail'],
        ['www.example.co.uk', 'tail'],
        ['www.example', 'www-any'],
        ['www.other.io', 'www-any'],
        ['mixed.example.net', 'mixed'],
        ['notexample.com', 'none'],
        ['', 'none'],
      ].map(([name, value]) => probe(withHeader('/', 'X-Name', name!), body(value!))),
    ],
  },
  {
    desc: 'without hostnames, masks are plain strings; escaped and quoted keys: \\~, \\default, spaces',
    config: `map $http_x_key $literal { *.example.com star-literal; .dot dot-literal; "\\~tilde" tilde; \\default not-default; "two words" spaced; default dflt; }
      server { listen 80; server_name ${host}; location / { return 200 "$literal"; } }`,
    probes: [
      probe(withHeader('/', 'X-Key', '*.example.com'), body('star-literal')),
      probe(withHeader('/', 'X-Key', 'a.example.com'), body('dflt')),
      probe(withHeader('/', 'X-Key', '.DOT'), body('dot-literal')),
      probe(withHeader('/', 'X-Key', '~tilde'), body('tilde')),
      probe(withHeader('/', 'X-Key', 'default'), body('not-default')),
      probe(withHeader('/', 'X-Key', 'two words'), body('spaced')),
      probe(withHeader('/', 'X-Key', 'x'), body('dflt')),
    ],
  },
  {
    desc: 'a map reading another map (defined later too); a map defined twice: the last one applies; an unused map',
    config: `map $tier $tier_label { gold "GOLD($tier)"; default "plain($tier)"; }
      map $http_x_plan $tier { pro gold; ~^ent gold; default basic; }
      map $http_x_plan $twice { default first; }
      map $http_x_plan $twice { default second; }
      map $http_x_never $unused { default never; }
      server { listen 80; server_name ${host}; location / { return 200 "$tier_label $twice"; } }`,
    probes: [
      probe(withHeader('/', 'X-Plan', 'pro'), body('GOLD(gold) second')),
      probe(withHeader('/', 'X-Plan', 'enterprise'), body('GOLD(gold) second')),
      probe(req('/'), body('plain(basic) second')),
    ],
  },
  {
    desc: 'the mapped variable in add_header, proxy_set_header, the proxy_pass URI part, rewrite and if',
    config: `map $http_x_client $client_class { ~*bot robot; default human; }
      map $uri $new_path { ~^/old/(.*)$ /new/$1; default ""; }
      upstream backend { server {{a}}; }
      server { listen 80; server_name ${host};
        location /api/ { proxy_set_header X-Class $client_class; add_header X-Class $client_class always; proxy_pass http://backend; }
        location /uri/ { proxy_pass http://backend/mapped/$client_class; }
        location /old/ { if ($new_path) { rewrite ^ $new_path redirect; } return 404; }
        location /cond/ { if ($client_class = robot) { return 403 "no robots"; } return 200 "welcome $client_class"; } }`,
    probes: [
      probe(withHeader('/api/x', 'X-Client', 'GoogleBot/2'), { status: 200, upstreams: ['a'], target: '/api/x', headers: { 'x-class': 'robot' }, upstreamHeaders: { 'x-class': 'robot' } }),
      probe(req('/api/y'), { status: 200, upstreams: ['a'], headers: { 'x-class': 'human' }, upstreamHeaders: { 'x-class': 'human' } }),
      probe(req('/uri/z'), { status: 200, upstreams: ['a'], target: '/mapped/human' }),
      probe(req('/old/a/b?q=1'), { status: 302, headers: { location: `http://${host}:<proxy-port>/new/a/b?q=1` } }),
      probe(withHeader('/cond/', 'X-Client', 'crawler-BOT'), { status: 403, body: 'no robots' }),
      probe(req('/cond/'), body('welcome human')),
    ],
  },
  {
    desc: 'proxy_pass http://$pool: the map chooses an upstream block or an address',
    config: `map $http_x_env $pool { default blue; canary green; ~^direct {{b}}; }
      upstream blue { server {{a}}; }
      upstream green { server {{b}}; }
      server { listen 80; server_name ${host}; location / { proxy_pass http://$pool; } }`,
    upstreams: { live: ['a', 'b'] },
    probes: [
      probe(req('/x?y=1'), { status: 200, upstreams: ['a'], target: '/x?y=1', upstreamHeaders: { host: 'blue' } }),
      probe(withHeader('/x', 'X-Env', 'CANARY'), { status: 200, upstreams: ['b'], upstreamHeaders: { host: 'green' } }),
      probe(withHeader('/x', 'X-Env', 'direct-1'), { status: 200, upstreams: ['b'] }),
    ],
  },
  {
    desc: 'set on a map variable replaces its value (volatile too); volatile maps are evaluated on every use',
    config: `map $arg_a $fixed { default "from-map"; }
      map $uri $vol { volatile; ~^/v/(.*)$ "v:$1"; default "d:$uri"; }
      map $uri $cached { ~^/v/(.*)$ "c:$1"; default "d:$uri"; }
      server { listen 80; server_name ${host};
        location /set/ { set $fixed "from-set"; return 200 "$fixed"; }
        location /v/ { set $before "$vol|$cached"; rewrite ^/v/(.*)$ /w/$1; }
        location /w/ { return 200 "$before $vol $cached"; }
        location /read-then-set/ { set $copy $fixed; set $fixed changed; return 200 "$copy $fixed"; }
        location /set-volatile/ { set $vol "set"; return 200 "$vol"; } }`,
    probes: [
      probe(req('/set/'), body('from-set')),
      probe(req('/v/abc'), body('v:abc|c:abc d:/w/abc c:abc')),
      probe(req('/w/x'), body(' d:/w/x d:/w/x')),
      probe(req('/read-then-set/'), body('from-map changed')),
      probe(req('/set-volatile/'), body('set')),
    ],
  },
  {
    desc: 'the WebSocket pattern with another variable name, read outside proxy_set_header too',
    config: `map $http_upgrade $conn_header { default upgrade; '' close; }
      server { listen 80; server_name ${host}; location / { return 200 "conn=$conn_header"; } }`,
    probes: [
      probe(req('/'), body('conn=close')),
      probe(withHeader('/', 'Upgrade', 'websocket'), body('conn=upgrade')),
    ],
  },
  {
    desc: 'a map named like the WebSocket variable but meaning something else',
    config: `map $arg_c $connection_upgrade { default "custom-default"; yes custom-yes; }
      server { listen 80; server_name ${host}; location / { return 200 "$connection_upgrade"; } }`,
    probes: [probe(req('/'), body('custom-default')), probe(req('/?c=YES'), body('custom-yes'))],
  },
  {
    desc: 'limit_req keyed by a map: an allow-listed header maps to "" (not limited), the rest by client address',
    config: `map $http_x_partner $limit_key { default $binary_remote_addr; trusted ""; ~*^vip- "vip"; }
      limit_req_zone $limit_key zone=by_map:10m rate=1r/m;
      server { listen 80; server_name ${host}; location / { limit_req zone=by_map; proxy_pass http://{{a}}; } }`,
    probes: [
      { req: req('/'), expect: { status: 200 } },
      { req: req('/'), expect: { status: 503 } },
      { req: withHeader('/', 'X-Partner', 'trusted'), expect: { status: 200 }, times: 3 },
      { req: withHeader('/', 'X-Partner', 'VIP-1'), expect: { status: 200 } },
      { req: withHeader('/', 'X-Partner', 'vip-2'), expect: { status: 503 } },
      { req: req('/', { localAddress: '127.0.0.2' }), expect: { status: 200 } },
    ],
  },
  {
    desc: 'limit_conn keyed by a map variable combined with another variable',
    config: `map $arg_tier $conn_key { free "free"; default ""; }
      limit_conn_zone $conn_key$uri zone=conns:10m;
      server { listen 80; server_name ${host}; location / { limit_conn conns 1; return 200 "key=$conn_key"; } }`,
    probes: [probe(req('/?tier=free'), body('key=free')), probe(req('/?tier=paid'), body('key='))],
  },
  {
    desc: 'proxy_cache_key, proxy_cache_bypass and proxy_no_cache from maps',
    config: `map $uri $cache_group { ~^/img/ images; default "$uri"; }
      map $http_x_fresh $skip_cache { default 0; yes 1; ~^(no|0)$ ""; }
      proxy_cache_path ${cacheDir}/m keys_zone=mapc:1m;
      server { listen 80; server_name ${host};
        location / { proxy_pass http://{{a}}; proxy_cache mapc; proxy_cache_key $cache_group; proxy_cache_valid 200 1m;
          proxy_cache_bypass $skip_cache; proxy_no_cache $skip_cache; add_header X-Cache $upstream_cache_status; } }`,
    probes: [
      cached(req('/img/a.png'), 'MISS'),
      cached(req('/img/b.png'), 'HIT'),
      cached(req('/doc/a'), 'MISS'),
      cached(req('/doc/a?x=1'), 'HIT'),
      cached(withHeader('/doc/a', 'X-Fresh', 'YES'), 'BYPASS'),
      cached(withHeader('/doc/b', 'X-Fresh', 'yes'), 'BYPASS'),
      cached(withHeader('/doc/b', 'X-Fresh', 'no'), 'MISS'),
      cached(req('/doc/b'), 'HIT'),
    ],
  },
  {
    desc: 'UTF-8 in keys, values and sources: bytes compared as nginx does (case folding is ASCII only)',
    config: `map $uri $accent { /café exact-é; /ÉTÉ upper; ~^/x/(.)$ "one[$1]"; ~^/x/(..)$ "two[$1]"; default "none"; }
      server { listen 80; server_name ${host}; location / { return 200 "$accent"; } }`,
    probes: [
      probe(req('/caf%C3%A9'), body(bytes('exact-é'))),
      probe(req('/CAF%C3%A9'), body(bytes('exact-é'))),
      probe(req('/%C3%89T%C3%89'), body('upper')),
      probe(req('/%C3%A9t%C3%A9'), body('none')),
      probe(req('/x/%C3%A9'), body(bytes('two[é]'))),
      probe(req('/x/e'), body('one[e]')),
    ],
  },
  {
    desc: 'a map keyed by $1; a matching map regex without groups empties $1, one that does not match keeps it; optional groups',
    config: `map $uri $no_groups { ~^/loc/ "loc:$1"; ~^/nomatch(x) never; default "none:$1"; }
      map $uri $groups { ~^/grp/(\\w)(\\w)? "m:$1:$2"; default "d:$1"; }
      map $1 $from_capture { abc "was abc"; default "other"; }
      server { listen 80; server_name ${host};
        location ~ ^/loc/(\\w+)$ { set $first $from_capture; set $second $no_groups; return 200 "$first|$second|$1"; }
        location ~ ^/grp/(\\w+)$ { set $v $groups; return 200 "$v|$1"; }
        location ~ ^/(\\w+)$ { set $v $no_groups; return 200 "$v|$from_capture|$1"; } }`,
    probes: [
      probe(req('/loc/abc'), body('was abc|loc:|')),
      probe(req('/loc/ABC'), body('was abc|loc:|')),
      probe(req('/loc/zz'), body('other|loc:|')),
      probe(req('/other'), body('none:other|other|other')),
      probe(req('/abc'), body('none:abc|was abc|abc')),
      probe(req('/grp/abc'), body('m:a:b|a')),
      probe(req('/grp/a'), body('m:a:|a')),
    ],
  },
  {
    desc: 'an upstream hash key from a map: every VIP user on one server, the others spread by name',
    config: `map $http_x_user $bucket { ~^vip- premium; default "std-$http_x_user"; }
      upstream hashed { hash $bucket; server {{a}}; server {{b}}; }
      upstream hashed_consistent { hash $bucket consistent; server {{a}}; server {{b}}; }
      server { listen 80; server_name ${host};
        location /h/ { proxy_pass http://hashed; }
        location /c/ { proxy_pass http://hashed_consistent; } }`,
    upstreams: { live: ['a', 'b'] },
    probes: ['vip-1', 'vip-2', 'VIP-3', 'alice', 'bob', 'carol', 'dave', 'erin', 'frank'].flatMap((user) => [
      probe(withHeader('/h/x', 'X-User', user), { status: 200 }),
      probe(withHeader('/c/x', 'X-User', user), { status: 200 }),
    ]),
  },
  {
    desc: 'expires from a map of $sent_http_content_type (max, epoch, off, durations, signs)',
    config: `map $sent_http_content_type $expires { default off; ~image/ 1d; text/css max; text/html epoch; application/json -1h; text/csv "1h 30m"; text/x-zero 0; }
      server { listen 80; server_name ${host}; expires $expires;
        location /img { default_type image/png; return 200 "png"; }
        location /css { default_type text/css; return 200 "css"; }
        location /html { default_type text/html; return 200 "html"; }
        location /json { default_type application/json; return 200 "{}"; }
        location /csv { default_type text/csv; return 200 "a,b"; }
        location /zero { default_type text/x-zero; return 200 "0"; }
        location /plain { default_type text/plain; return 200 "plain"; }
        location /proxied/ { proxy_pass http://{{a}}; }
        location /files/ { alias ${staticDir}/; types { image/png png; text/css css; text/plain txt; } } }`,
    probes: [
      probe(req('/img'), { status: 200, headers: { 'cache-control': 'max-age=86400' } }),
      probe(req('/css'), { status: 200, headers: { 'cache-control': 'max-age=315360000', expires: 'Thu, 31 Dec 2037 23:55:55 GMT' } }),
      probe(req('/html'), { status: 200, headers: { 'cache-control': 'no-cache', expires: 'Thu, 01 Jan 1970 00:00:01 GMT' } }),
      probe(req('/json'), { status: 200, headers: { 'cache-control': 'no-cache' } }),
      probe(req('/csv'), { status: 200, headers: { 'cache-control': 'max-age=5400' } }),
      probe(req('/zero'), { status: 200, headers: { 'cache-control': 'max-age=0' } }),
      probe(req('/plain'), { status: 200, headers: { 'cache-control': null, expires: null } }),
      probe(req('/proxied/x'), { status: 200, upstreams: ['a'] }),
      probe(req('/files/a.png'), { status: 200, headers: { 'cache-control': 'max-age=86400' } }),
      probe(req('/files/b.css'), { status: 200, headers: { 'cache-control': 'max-age=315360000' } }),
      probe(req('/files/c.txt'), { status: 200, headers: { 'cache-control': null } }),
    ],
  },
  {
    desc: 'more sources and keys: $host with hostnames and a port, $request_uri with its query, ~* captures, repeated regexes (the first wins), a default from another map',
    config: `map $host $by_host { hostnames; *.example.com "sub"; app.example.com "exact"; default "other"; }
      map $http_host $by_host_header { hostnames; *.example.com "sub"; default "no-mask"; }
      map $request_uri $by_request_uri { "/q?a=1" exact-query; ~*^/Q\\?A=(\\d+)$ "ci:$1"; ~^/q a; ~^/q b; default $by_host; }
      server { listen 80; server_name ${host} *.example.com;
        location / { return 200 "$by_host|$by_host_header|$by_request_uri"; } }`,
    probes: [
      probe(req('/q?a=1'), body('exact|sub|exact-query')),
      probe(req('/Q?A=22'), body('exact|sub|ci:22')),
      probe(req('/q?a=1&b'), body('exact|sub|a')),
      probe(req('/z', { host: 'WWW.Example.com' }), body('sub|sub|sub')),
      probe(req('/z', { host: 'www.example.com:8080' }), body('sub|no-mask|sub')),
      probe(req('/z', { host: 'www.example.com.' }), body('sub|sub|sub')),
    ],
  },
];

describeCases('conformance: map', cases, { cleanup: () => fs.rmSync(cacheDir, { recursive: true, force: true }) });
