import { describe } from 'vitest';
import { OK, server, host, location, run } from '../../test/helpers/import-test-cases.ts';

describe('WebSocket, CORS and if', () => {
  run([
    {
      desc: 'the Upgrade/Connection pattern → websocket with proxy_read_timeout as idle timeout',
      input: server('location /ws/ { proxy_pass http://127.0.0.1:3000; proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection "upgrade"; proxy_read_timeout 3600s; }'),
      select: (p) => location(p, '/ws/').policies,
      expected: { websocket: { enabled: true, idleTimeoutMs: 3600000 }, timeouts: { readMs: 3600000 } },
    },
    {
      desc: 'with the $connection_upgrade map',
      input: `map $http_upgrade $connection_upgrade { default upgrade; '' close; } ${server('location /ws/ { proxy_pass http://127.0.0.1:3000; proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade; }')}`,
      select: (p) => location(p, '/ws/').policies.websocket,
      expected: { enabled: true, idleTimeoutMs: 60000 },
    },
    {
      desc: 'without proxy_http_version 1.1 nginx cannot upgrade: headers kept, note',
      input: server('location /ws/ { proxy_pass http://127.0.0.1:3000; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection upgrade; }'),
      select: (p) => location(p, '/ws/').policies.proxyHeaders,
      expected: [{ name: 'Upgrade' }, { name: 'Connection' }],
      warnings: ['note proxy_set_header'],
    },
    {
      desc: 'a map reading a variable Portico does not compute is reported, with what uses it',
      input: `map $ssl_client_s_dn $x { default 1; } ${server('location / { proxy_set_header X $x; proxy_pass http://127.0.0.1:3000; }')}`,
      select: (p) => location(p, '/').policies,
      expected: {},
      warnings: ['unsupported map', 'unsupported proxy_set_header'],
    },
    {
      desc: 'the OPTIONS if-block recipe → cors; the matching add_header is absorbed',
      input: server(`location /api/ {
        if ($request_method = 'OPTIONS') {
          add_header Access-Control-Allow-Origin "https://app.example.com";
          add_header Access-Control-Allow-Methods "GET, POST";
          add_header Access-Control-Allow-Headers "Authorization, Content-Type";
          add_header Access-Control-Allow-Credentials true;
          add_header Access-Control-Max-Age 86400;
          return 204;
        }
        add_header Access-Control-Allow-Origin "https://app.example.com" always;
        add_header Access-Control-Expose-Headers "X-Total";
        proxy_pass http://127.0.0.1:3000;
      }`),
      select: (p) => location(p, '/api/').policies,
      expected: {
        cors: { origins: ['https://app.example.com'], methods: ['GET', 'POST'], headers: ['Authorization', 'Content-Type'], exposeHeaders: ['X-Total'], credentials: true, maxAgeSeconds: 86400 },
      },
    },
    {
      desc: 'other ifs are rewrite steps, in order with the return after them',
      input: server('location / { if ($http_x = 1) { return 403; } return 200; }'),
      select: (p) => location(p, '/').policies.rewriteSteps,
      expected: [
        { kind: 'if', condition: { kind: 'compare', variable: 'http_x', negate: false, value: '1' }, steps: [{ kind: 'return', status: 403, contentType: 'text/plain' }] },
        { kind: 'return', status: 200, contentType: 'text/plain' },
      ],
      warnings: ['note location'],
    },
    {
      desc: 'an if with other directives than the rewrite module\'s is reported with its contents',
      input: server('location / { if ($http_x = 1) { add_header X-Y 1; } return 200; }'),
      select: (p) => location(p, '/').policies.rewriteSteps,
      expected: [{ kind: 'return', status: 200, contentType: 'text/plain' }],
      warnings: ['note location', 'unsupported if'],
    },
  ]);
});

describe('cache, limits, access', () => {
  const zones = 'proxy_cache_path /var/cache/nginx levels=1:2 keys_zone=c:10m max_size=2g inactive=60m; limit_req_zone $server_name$http_x_api_key zone=r:1m rate=30r/m; limit_conn_zone $binary_remote_addr zone=n:10m;';
  run([
    {
      desc: 'zones',
      input: zones,
      select: (p) => ({ cache: p.cacheZones, limits: p.limitZones }),
      expected: {
        cache: [{ name: 'c', maxEntries: 80000, maxSizeBytes: 2 * 1024 ** 3, inactiveMs: 3600000 }],
        limits: [
          { name: 'r', kind: 'REQUEST', rate: { count: 30, per: 'minute' }, maxEntries: 16000, key: { parts: [{ source: 'server_name' }, { source: 'header', name: 'x-api-key' }] } },
          { name: 'n', kind: 'CONNECTION', maxEntries: 160000, key: { parts: [{ source: 'client_ip' }] } },
        ],
      },
      warnings: ['managed proxy_cache_path'],
    },
    {
      desc: 'proxy_cache and its companions',
      input: `${zones} ${server(`location / { proxy_pass http://127.0.0.1:3000; proxy_cache c; proxy_cache_valid 10m; proxy_cache_valid any 1m;
        proxy_cache_use_stale error updating http_503; proxy_cache_lock on; proxy_cache_background_update on; proxy_cache_methods POST;
        proxy_cache_bypass $cookie_nocache $arg_nocache; proxy_no_cache $http_pragma $http_authorization; proxy_cache_key $host$request_uri;
        proxy_ignore_headers Set-Cookie; proxy_cache_min_uses 2; add_header X-Cache $upstream_cache_status; }`)}`,
      select: (p) => location(p, '/').policies.cache,
      expected: {
        zone: 'c',
        key: '$host$request_uri',
        valid: [{ statuses: [200, 301, 302], ttlMs: 600000 }, { statuses: 'any', ttlMs: 60000 }],
        methods: ['GET', 'HEAD', 'POST'],
        minUses: 2,
        bypass: [{ source: 'cookie', name: 'nocache' }, { source: 'query', name: 'nocache' }],
        noStore: [{ source: 'header', name: 'pragma' }],
        useStale: ['error', 'updating', 'http_503'],
        backgroundUpdate: true,
        lock: true,
        ignoreSetCookie: true,
        allowAuthorized: false,
        // nginx caches requests with cookies.
        allowCookies: true,
        statusHeader: 'X-Cache',
      },
      warnings: ['managed proxy_cache_path'],
    },
    {
      desc: '$http_cookie in both proxy_cache_bypass and proxy_no_cache is the "no cookies" switch; in one of them, a condition',
      input: `${zones} ${server(`location /both/ { proxy_pass http://127.0.0.1:3000; proxy_cache c; proxy_cache_bypass $http_cookie $arg_x; proxy_no_cache $http_cookie; }
        location /one/ { proxy_pass http://127.0.0.1:3000; proxy_cache c; proxy_cache_bypass $http_cookie; }`)}`,
      select: (p) => [location(p, '/both/').policies.cache, location(p, '/one/').policies.cache],
      expected: [
        { allowCookies: false, bypass: [{ source: 'query', name: 'x' }], noStore: [] },
        { allowCookies: true, bypass: [{ source: 'header', name: 'cookie' }], noStore: [] },
      ],
      warnings: ['managed proxy_cache_path'],
    },
    { desc: 'unknown cache zone', input: server('location / { proxy_cache nope; proxy_pass http://127.0.0.1:3000; }'), select: (p) => location(p, '/').policies.cache, expected: undefined as unknown as object, warnings: ['unsupported proxy_cache'] },
    {
      desc: 'proxy_cache off under a server-wide cache cannot be expressed',
      input: `${zones} ${server('proxy_cache c; location /x/ { proxy_cache off; proxy_pass http://127.0.0.1:3000; }')}`,
      select: (p) => host(p).policies.cache,
      expected: { zone: 'c' },
      warnings: ['managed proxy_cache_path', 'unsupported proxy_cache'],
    },
    {
      desc: 'limit_req / limit_conn with status and dry run',
      input: `${zones} limit_req_zone $binary_remote_addr zone=r2:10m rate=1r/s; ${server('limit_req_status 429; location / { limit_req zone=r burst=20 nodelay; limit_req zone=r2 burst=5 delay=3; limit_conn n 10; limit_conn_dry_run on; proxy_pass http://127.0.0.1:3000; }')}`,
      select: (p) => location(p, '/').policies,
      expected: {
        rateLimits: [
          { zone: 'r', burst: 20, nodelay: true, delay: 0, status: 429, dryRun: false },
          { zone: 'r2', burst: 5, nodelay: false, delay: 3, status: 429 },
        ],
        connLimits: [{ zone: 'n', max: 10, status: 503, dryRun: true }],
      },
      warnings: ['managed proxy_cache_path'],
    },
    {
      desc: 'the same zone twice at one level is refused (as nginx does)',
      input: `${zones} ${server('location / { limit_req zone=r; limit_req zone=r burst=5; proxy_pass http://127.0.0.1:3000; }')}`,
      select: (p) => location(p, '/').policies.rateLimits,
      expected: [{ zone: 'r', burst: 0 }],
      warnings: ['managed proxy_cache_path', 'unsupported limit_req'],
    },
    {
      desc: 'allow/deny in order; satisfy',
      input: server('location /admin/ { allow 10.0.0.0/8; allow 2001:db8::/32; deny all; satisfy any; proxy_pass http://127.0.0.1:3000; }'),
      select: (p) => location(p, '/admin/').policies.access,
      expected: { rules: [{ action: 'allow', source: '10.0.0.0/8' }, { action: 'allow', source: '2001:db8::/32' }, { action: 'deny', source: 'all' }], satisfy: 'any' },
    },
    {
      desc: 'auth_basic with the pasted user file (bcrypt and apr1 kept, gost-yescrypt reported)',
      input: server('location / { auth_basic "Admin area"; auth_basic_user_file /etc/nginx/.htpasswd; proxy_pass http://127.0.0.1:3000; }'),
      files: { '.htpasswd': 'alice:$2y$05$abcdefghijklmnopqrstuu7Y4L8nQW1cK5GmXWv0vYp1d3nX7c6a\nbob:$apr1$xyz$abc\ncarol:$gy$j9T$salt$hash\n' },
      select: (p) => location(p, '/').policies.access,
      expected: { basicAuth: { realm: 'Admin area', users: [{ username: 'alice' }, { username: 'bob' }] }, rules: [] },
      warnings: ['unsupported auth_basic_user_file'],
    },
    {
      desc: 'auth_basic: every scheme nginx checks on Linux is kept; comments, user:hash:comment; values nothing matches become "!"',
      input: server('location / { auth_basic "x"; auth_basic_user_file conf/users; proxy_pass http://127.0.0.1:3000; }'),
      files: {
        'conf/users': '# team\n\na:{PLAIN}p\nb:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=:comment\nc:{SSHA}x\nd:$1$s$h\ne:$5$s$h\r\nf:$6$rounds=5000$s$h\ng:$2b$05$x\nh:Qv1pnALi4gL5o\ny:$y$j9T$s$h\ni:\nj:not-a-hash\n',
      },
      select: (p) => location(p, '/').policies.access?.basicAuth?.users.map((u) => `${u.username}:${u.passwordHash}`),
      expected: ['a:{PLAIN}p', 'b:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=', 'c:{SSHA}x', 'd:$1$s$h', 'e:$5$s$h', 'f:$6$rounds=5000$s$h', 'g:$2b$05$x', 'h:Qv1pnALi4gL5o', 'y:$y$j9T$s$h', 'i:!', 'j:!'],
      warnings: ['note auth_basic_user_file'],
    },
    {
      desc: 'auth_basic without its user file fails closed',
      input: server('location / { allow 10.0.0.0/8; auth_basic "x"; auth_basic_user_file /etc/nginx/.htpasswd; satisfy any; proxy_pass http://127.0.0.1:3000; }'),
      select: (p) => location(p, '/').policies.access,
      expected: { rules: [{ action: 'allow', source: '10.0.0.0/8' }, { action: 'deny', source: 'all' }], satisfy: 'any' },
      warnings: ['unsupported auth_basic_user_file'],
    },
  ]);
});

describe('other policies and settings', () => {
  run([
    {
      desc: 'expires forms',
      input: server('location /a/ { expires max; } location /b/ { expires epoch; } location /c/ { expires 30d; } location /d/ { expires off; } location /e/ { expires modified +1h; }'),
      select: (p) => host(p).locations.map((l) => l.policies.expiresMs),
      expected: ['max', 'epoch', 30 * 86400000, 'off', undefined],
      warnings: ['note location', 'note location', 'note location', 'note location', 'note location', 'unsupported expires'],
    },
    {
      desc: 'gzip with nginx defaults for the rest',
      input: `http { gzip on; gzip_types application/json; gzip_proxied expired no-cache; ${server(OK)} }`,
      select: (p) => host(p).policies.compression,
      expected: { gzip: true, brotli: false, level: 1, minLength: 20, types: ['application/json'], proxied: ['expired', 'no-cache'], vary: false },
    },
    {
      desc: 'retries, redirects, buffering, access log, body size',
      input: server(`${OK} proxy_next_upstream off; proxy_redirect http://127.0.0.1:3000/ /; proxy_buffering off; access_log off; client_max_body_size 0;`),
      select: (p) => host(p).policies,
      expected: { retry: { on: [], tries: 0, timeoutMs: 0 }, proxyRedirect: [{ from: 'http://127.0.0.1:3000/', to: '/' }], buffering: { enabled: false }, accessLog: false, maxBodyBytes: 0 },
    },
    {
      desc: 'rewrite rules (PCRE named groups converted)',
      input: server('location / { rewrite ^/old/(?P<rest>.*)$ /new/$1 permanent; rewrite ^/a$ /b; proxy_pass http://127.0.0.1:3000; }'),
      select: (p) => location(p, '/').policies.rewrites,
      expected: [{ regex: '^/old/(?<rest>.*)$', replacement: '/new/$1', flag: 'permanent' }, { regex: '^/a$', replacement: '/b' }],
    },
    {
      desc: 'server_tokens: http level → settings; a server that differs keeps its own',
      input: `http { server_tokens on; ${server(`${OK} server_tokens off;`)} ${server(OK, 'listen 80; server_name b.example.com;')} }`,
      select: (p) => ({ settings: p.settings, a: p.hosts[0]!.policies.serverTokens, b: p.hosts[1]!.policies.serverTokens }),
      expected: { settings: { serverTokens: true }, a: false, b: undefined },
    },
    {
      desc: 'real IP settings (real_ip_recursive is off unless set, as in nginx)',
      input: 'set_real_ip_from 10.0.0.0/8; set_real_ip_from 192.168.0.1; real_ip_header X-Real-IP;',
      select: (p) => p.settings,
      expected: { trustedProxies: ['10.0.0.0/8', '192.168.0.1'], realIpHeader: 'X-Real-IP', realIpRecursive: false },
    },
  ]);
});

describe('request bodies and ranges', () => {
  run([
    {
      desc: 'proxy_request_buffering off with HTTP/1.1 and client_body_buffer_size',
      input: server(`${OK} proxy_request_buffering off; proxy_http_version 1.1; client_body_buffer_size 64k;`),
      select: (p) => host(p).policies.requestBuffering,
      expected: { enabled: false, memoryBytes: 65536 },
    },
    {
      desc: 'proxy_request_buffering off without proxy_http_version: nginx (HTTP/1.0) still buffers bodies of unknown length',
      input: server(`${OK} proxy_request_buffering off;`),
      select: (p) => host(p).policies.requestBuffering,
      expected: { enabled: true, memoryBytes: 16384 },
    },
    {
      desc: 'client_body_buffer_size alone; a location turning buffering off',
      input: server('client_body_buffer_size 1k; location / { proxy_pass http://127.0.0.1:3000; } location /up/ { proxy_pass http://127.0.0.1:3000; proxy_http_version 1.1; proxy_request_buffering off; }'),
      select: (p) => ({ host: host(p).policies.requestBuffering, up: location(p, '/up/').policies.requestBuffering }),
      expected: { host: { enabled: true, memoryBytes: 1024 }, up: { enabled: false, memoryBytes: 1024 } },
    },
    {
      desc: 'proxy_force_ranges on at the server, off in a location',
      input: server('proxy_force_ranges on; location / { proxy_pass http://127.0.0.1:3000; } location /exact/ { proxy_pass http://127.0.0.1:3000; proxy_force_ranges off; }'),
      select: (p) => ({ host: host(p).policies.forceRanges, exact: location(p, '/exact/').policies.forceRanges }),
      expected: { host: true, exact: false },
    },
    {
      desc: 'invalid values are reported',
      input: server(`${OK} proxy_force_ranges maybe; proxy_request_buffering sometimes; client_body_buffer_size lots;`),
      select: (p) => host(p).policies.forceRanges,
      expected: undefined,
      warnings: ['unsupported proxy_force_ranges', 'unsupported proxy_request_buffering', 'unsupported client_body_buffer_size'],
    },
  ]);
});
