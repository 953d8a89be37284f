// Test data: plans in canonical form (what the importer itself produces) that must
// survive export → import unchanged, one feature area per plan.
import type { ExportInput } from './export-nginx.ts';

const BCRYPT = '$2y$05$abcdefghijklmnopqrstuu7Y4L8nQW1cK5GmXWv0vYp1d3nX7c6a';
const proxy = (extra: object = {}) => ({ kind: 'proxy' as const, address: '127.0.0.1:3000', ...extra });

/** Plans in canonical form (what the importer itself produces); each must survive export → import. */
export const roundTrips: { desc: string; plan: ExportInput }[] = [
  {
    desc: 'a pool, addresses, URI parts, unix sockets',
    plan: {
      hosts: [
        {
          serverNames: ['app.example.com', 'www.app.example.com'],
          defaultServer: true,
          locations: [
            { path: '/', action: { kind: 'proxy', poolId: 'app' } },
            { path: '/api/', action: proxy({ uri: '/' }) },
            { path: '/v2/', action: { kind: 'proxy', scheme: 'https', address: '127.0.0.1:8443', uri: '/api/v2/' } },
            { path: '/sock/', action: { kind: 'proxy', address: 'unix:/run/app.sock', uri: '/x/' } },
            { path: '/sock2/', action: { kind: 'proxy', address: 'unix:/run/app.sock' } },
          ],
        },
      ],
      pools: [{ name: 'app', servers: [{ address: '127.0.0.1:3001', weight: 3 }, { address: '127.0.0.1:3002', backup: true }, { address: '127.0.0.1:3003', down: true, maxFails: 3, failTimeoutMs: 30000, maxConns: 50 }] }],
      cacheZones: [],
      limitZones: [],
      settings: {},
    },
  },
  {
    desc: 'pool algorithms and keep-alive',
    plan: {
      hosts: [],
      pools: [
        { name: 'lc', algorithm: 'LEAST_CONN', servers: [{ address: '127.0.0.1:1' }] },
        { name: 'ih', algorithm: 'IP_HASH', servers: [{ address: '127.0.0.1:1' }] },
        { name: 'r2', algorithm: 'RANDOM_TWO', servers: [{ address: '127.0.0.1:1' }] },
        { name: 'hu', algorithm: 'HASH', balance: { hashKey: { source: 'uri' }, consistent: true }, servers: [{ address: '127.0.0.1:1' }] },
        { name: 'hh', algorithm: 'HASH', balance: { hashKey: { source: 'header', name: 'x-user' } }, servers: [{ address: '127.0.0.1:1' }] },
        { name: 'hc', algorithm: 'HASH', balance: { hashKey: { source: 'cookie', name: 'sid' } }, servers: [{ address: 'unix:/run/a.sock' }] },
        { name: 'ka', keepalive: { maxIdle: 8, idleTimeoutMs: 15000, maxRequests: 100 }, servers: [{ address: '[::1]:8080' }] },
      ],
      cacheZones: [],
      limitZones: [],
      settings: { unknownHost: 'close', headerBuffers: { count: 8, sizeBytes: 16384 }, underscoresInHeaders: true, ignoreInvalidHeaders: false },
    },
  },
  {
    desc: 'forceHttps, HSTS and certificates on https',
    plan: {
      hosts: [
        {
          serverNames: ['secure.example.com'],
          defaultServer: true,
          entrypoints: ['http', 'https'],
          tls: { forceHttps: true, redirectStatus: 308, hsts: { enabled: true, maxAgeSeconds: 63072000, includeSubDomains: true, preload: true } },
          policies: { responseHeaders: { add: [{ name: 'X-Frame-Options', value: 'DENY', always: true }], hide: ['X-Powered-By'] } },
          locations: [
            { path: '/', action: proxy() },
            { path: '/static/', action: { kind: 'static', alias: '/srv/static/' }, policies: { responseHeaders: { add: [{ name: 'Cache-Control', value: 'public, immutable', always: false }], hide: ['X-Powered-By'] }, expiresMs: 31536000000, accessLog: false } },
          ],
        },
      ],
      pools: [],
      cacheZones: [],
      limitZones: [],
      settings: {},
    },
  },
  {
    desc: 'cookie rewrites, passed and hidden upstream headers, regex proxy_redirect, proxy_buffer_size',
    plan: {
      hosts: [
        {
          serverNames: ['cookies.example.com'],
          defaultServer: true,
          policies: {
            proxyCookies: {
              path: [{ from: '/app/', to: '/' }, { from: '~^/x(/.*)$', to: '/y$1' }, { from: '~*^/CI/', to: '/$host/' }, { from: '~^/a{2}; b$', to: '/q r' }],
              domain: [{ from: '.internal.local', to: 'example.com' }, { from: '~^(.+)\\.corp$', to: '$1.example.org' }],
              flags: [{ cookie: 'sid', flags: ['secure', 'httponly', 'samesite=strict'] }, { cookie: '~^track', flags: ['nosecure', 'nosamesite'] }],
            },
            responseHeaders: { add: [], hide: ['X-Secret'], pass: ['Server', 'X-Secret', 'X-Accel-Buffering'] },
            buffering: { enabled: true, headerBufferBytes: 16384 },
            proxyRedirect: [{ from: '~*^https?://[^/]+/(.*)$', to: '/$1' }, { from: 'http://$host/', to: '/' }],
          },
          locations: [
            { path: '/', action: proxy() },
            {
              path: '/off/',
              action: proxy(),
              policies: {
                proxyCookies: { path: [], domain: [], flags: [] },
                responseHeaders: { add: [], hide: [], pass: [] },
                buffering: { enabled: false, headerBufferBytes: 4096 },
                proxyRedirect: 'off',
              },
            },
            { path: '/small/', action: proxy(), policies: { buffering: { enabled: true, headerBufferBytes: 1024 }, proxyRedirect: ['default', { from: '~^http://a/(.*)$', to: 'http://b/$1' }] } },
          ],
        },
      ],
      pools: [],
      cacheZones: [],
      limitZones: [],
      settings: {},
    },
  },
  {
    desc: 'request body buffering (proxy_request_buffering, client_body_buffer_size) at both levels',
    plan: {
      hosts: [
        {
          serverNames: ['rb.example.com'],
          defaultServer: true,
          policies: { requestBuffering: { enabled: true, memoryBytes: 65536 }, forceRanges: true },
          locations: [
            { path: '/', action: proxy() },
            { path: '/exact/', action: proxy(), policies: { forceRanges: false } },
            { path: '/stream/', action: proxy(), policies: { requestBuffering: { enabled: false, memoryBytes: 65536 } } },
            { path: '/old/', action: proxy(), policies: { httpVersion: '1.0', requestBuffering: { enabled: false, memoryBytes: 8192 } } },
          ],
        },
      ],
      pools: [],
      cacheZones: [],
      limitZones: [],
      settings: {},
    },
  },
  {
    desc: 'host policies and location overrides, including emptied lists',
    plan: {
      hosts: [
        {
          serverNames: ['p.example.com'],
          defaultServer: true,
          policies: {
            proxyHeaders: [{ name: 'X-Forwarded-For', value: '$proxy_add_x_forwarded_for' }],
            passHostHeader: true,
            responseHeaders: { add: [{ name: 'X-A', value: '1', always: false }], hide: [] },
            access: { rules: [{ action: 'allow', source: '10.0.0.0/8' }, { action: 'deny', source: 'all' }], satisfy: 'all' },
            maxBodyBytes: 50 * 1024 * 1024,
            timeouts: { connectMs: 5000, sendMs: 30000, readMs: 30000 },
            buffering: { enabled: false },
            compression: { gzip: true, brotli: false, level: 5, minLength: 256, types: ['application/json', 'text/css'], proxied: ['any'], vary: true },
            retry: { on: ['error', 'timeout', 'http_502'], tries: 2, timeoutMs: 10000 },
            proxyRedirect: 'off',
            serverTokens: true,
            httpVersion: '1.0',
            rewrites: [{ regex: '^/old/(.*)$', replacement: '/new/$1', flag: 'permanent' }],
          },
          locations: [
            { path: '/', action: proxy() },
            {
              path: '/open/',
              action: proxy(),
              policies: {
                proxyHeaders: [],
                passHostHeader: false,
                responseHeaders: { add: [], hide: [] },
                access: { rules: [], satisfy: 'all' },
                timeouts: { connectMs: 5000, sendMs: 30000, readMs: 120000 },
                retry: { on: [], tries: 0, timeoutMs: 0 },
                proxyRedirect: [{ from: 'http://127.0.0.1:3000/', to: '/open/' }],
                httpVersion: '1.1',
                rewrites: [{ regex: '^/open/a$', replacement: '/open/b' }],
              },
            },
          ],
        },
      ],
      pools: [],
      cacheZones: [],
      limitZones: [],
      settings: {},
    },
  },
  {
    desc: 'the rewrite module, error pages, named and internal locations',
    plan: {
      hosts: [
        {
          serverNames: ['rw.example.com'],
          defaultServer: true,
          policies: {
            rewriteSteps: [
              { kind: 'set', variable: 'maintenance', value: 'off' },
              { kind: 'if', condition: { kind: 'compare', variable: 'maintenance', negate: false, value: 'on' }, steps: [{ kind: 'return', status: 503, contentType: 'text/plain' }] },
              { kind: 'if', condition: { kind: 'file', test: 'f', negate: false, path: '/srv/www/maintenance.html' }, steps: [{ kind: 'return', status: 503, text: 'down for maintenance', contentType: 'text/plain' }] },
            ],
            errorPageRules: [
              { codes: [404], target: '/404.html' },
              { codes: [500, 502, 503, 504], response: 'target', target: '@fallback' },
            ],
            interceptErrors: true,
            recursiveErrorPages: true,
          },
          locations: [
            {
              path: '/',
              action: proxy(),
              policies: {
                rewriteSteps: [
                  { kind: 'if', condition: { kind: 'compare', variable: 'request_method', negate: false, value: 'POST' }, steps: [{ kind: 'return', status: 405, contentType: 'text/plain' }] },
                  { kind: 'if', condition: { kind: 'match', variable: 'http_user_agent', negate: false, caseless: true, regex: 'bot|crawler' }, steps: [{ kind: 'return', status: 403, contentType: 'text/plain' }] },
                  { kind: 'if', condition: { kind: 'match', variable: 'args', negate: true, caseless: false, regex: '^(a b)?$' }, steps: [{ kind: 'rewrite', regex: '^/(.*)$', replacement: '/q/$1', flag: 'last' }] },
                  { kind: 'if', condition: { kind: 'value', variable: 'http_x_debug' }, steps: [{ kind: 'set', variable: 'tier', value: 'debug' }, { kind: 'break' }] },
                  { kind: 'rewrite', regex: '^/old$', replacement: '/new' },
                  { kind: 'return', status: 302, text: 'https://example.com$request_uri', contentType: 'text/plain' },
                ],
              },
            },
            { matchKind: 'EXACT', path: '/404.html', action: { kind: 'static', root: '/srv/www', index: ['index.html'], autoindex: false }, policies: { internal: true } },
            { matchKind: 'EXACT', path: '@fallback', action: proxy() },
            { path: '/static/', action: { kind: 'static', root: '/srv/www', index: ['index.html'], autoindex: false, tryFiles: ['$uri', '@fallback'] }, policies: { errorPageRules: [{ codes: [404], response: 200, target: '/empty.gif' }, { codes: [500], target: 'https://status.example.com/' }], interceptErrors: false } },
          ],
        },
      ],
      pools: [],
      cacheZones: [],
      limitZones: [],
      settings: {},
    },
  },
  {
    desc: 'cache, limits and zones',
    plan: {
      hosts: [
        {
          serverNames: ['c.example.com'],
          defaultServer: true,
          locations: [
            {
              path: '/api/',
              action: proxy(),
              policies: {
                cache: {
                  zone: 'app_cache',
                  key: '$host$request_uri',
                  valid: [{ statuses: [200, 301], ttlMs: 600000 }, { statuses: 'any', ttlMs: 60000 }],
                  methods: ['GET', 'HEAD', 'POST'],
                  minUses: 2,
                  bypass: [{ source: 'cookie', name: 'nocache' }],
                  noStore: [{ source: 'header', name: 'x-no-store' }],
                  useStale: ['error', 'timeout', 'updating', 'http_502'],
                  backgroundUpdate: true,
                  lock: true,
                  lockTimeoutMs: 2000,
                  revalidate: true,
                  ignoreSetCookie: true,
                  statusHeader: 'X-Cache-Status',
                },
                rateLimits: [{ zone: 'api', burst: 20, nodelay: true, status: 429 }, { zone: 'login', burst: 5, delay: 2, status: 429 }],
                connLimits: [{ zone: 'conn', max: 10, status: 429, dryRun: true }],
              },
            },
          ],
        },
      ],
      pools: [],
      cacheZones: [{ name: 'app_cache', maxSizeBytes: 2 * 1024 ** 3, inactiveMs: 3600000, maxEntries: 80000 }],
      limitZones: [
        { name: 'api', kind: 'REQUEST', rate: { count: 30, per: 'minute' }, key: { parts: [{ source: 'server_name' }, { source: 'header', name: 'x-api-key' }] } },
        { name: 'login', kind: 'REQUEST', rate: { count: 1, per: 'second' } },
        { name: 'conn', kind: 'CONNECTION', maxEntries: 16000 },
      ],
      settings: {},
    },
  },
  {
    desc: 'basic auth, CORS, WebSocket',
    plan: {
      hosts: [
        {
          serverNames: ['x.example.com'],
          defaultServer: true,
          locations: [
            { path: '/admin/', action: proxy(), policies: { access: { rules: [{ action: 'allow', source: '192.168.0.0/16' }], basicAuth: { realm: 'Admin area', users: [{ username: 'alice', passwordHash: BCRYPT }] }, satisfy: 'any' } } },
            {
              path: '/api/',
              action: proxy(),
              policies: { cors: { origins: ['https://app.example.com'], methods: ['GET', 'POST'], headers: ['Authorization'], exposeHeaders: ['X-Total'], credentials: true, maxAgeSeconds: 600 } },
            },
            { path: '/ws/', action: proxy(), policies: { websocket: { enabled: true, idleTimeoutMs: 3600000 }, timeouts: { connectMs: 60000, sendMs: 60000, readMs: 3600000 } } },
          ],
        },
      ],
      pools: [],
      cacheZones: [],
      limitZones: [],
      settings: {},
    },
  },
  {
    desc: 'forward authentication: auth_request to an address and to a pool, auth_request_set, auth_request off, satisfy any',
    plan: {
      hosts: [
        {
          serverNames: ['sso.example.com'],
          policies: {
            forwardAuth: {
              address: '127.0.0.1:9091',
              path: '/api/authz/auth-request',
              requestHeaders: [{ name: 'X-Original-Method', value: '$request_method' }, { name: 'X-Original-URL', value: '$scheme://$http_host$request_uri' }],
              variables: [{ name: 'user', value: '$upstream_http_remote_user' }, { name: 'redirection_url', value: '$upstream_http_location' }],
              timeoutMs: 5000,
            },
            proxyHeaders: [{ name: 'Remote-User', value: '$user' }],
          },
          locations: [
            { path: '/', action: proxy() },
            { path: '/public/', action: proxy(), policies: { forwardAuth: { enabled: false } } },
            { path: '/team/', action: proxy(), policies: { forwardAuth: { poolId: 'auth', path: '/oauth2/auth', variables: [{ name: 'user', value: '$upstream_http_x_auth_request_user' }] }, access: { rules: [{ action: 'allow', source: '10.0.0.0/8' }, { action: 'deny', source: 'all' }], satisfy: 'any' } } },
          ],
        },
      ],
      pools: [{ name: 'auth', servers: [{ address: '127.0.0.1:4180' }] }],
      cacheZones: [],
      limitZones: [],
      settings: {},
    },
  },
  {
    desc: 'match kinds, static files, returns; names; settings; unknown hosts',
    plan: {
      hosts: [
        {
          serverNames: ['*.example.org', '~^(?<sub>[a-z]+)\\.example\\.net$'],
          entrypoints: ['http', 'https'],
          locations: [
            { matchKind: 'EXACT', path: '/health', action: { kind: 'return', status: 200, body: 'OK\n' } },
            { matchKind: 'EXACT', path: '/json', action: { kind: 'return', status: 503, body: '{"down":true}', contentType: 'application/json' } },
            { matchKind: 'EXACT', path: '/drop', action: { kind: 'return', status: 444 } },
            { matchKind: 'PREFIX_NOREGEX', path: '/old/', action: { kind: 'redirect', status: 308, url: 'https://new.example.org$request_uri' } },
            { matchKind: 'REGEX', path: '^/a{2}/(?<id>\\d+)$', action: proxy() },
            { matchKind: 'REGEX_ICASE', path: '\\.(png|jpe?g)$', action: { kind: 'static', root: '/srv/img', index: ['index.htm', 'index.html'], tryFiles: ['$uri', '=404'], autoindex: true } },
            { path: '/', action: { kind: 'static', root: '/srv/www' } },
          ],
        },
      ],
      pools: [],
      cacheZones: [],
      limitZones: [],
      settings: { serverTokens: true, trustedProxies: ['10.0.0.0/8', '2001:db8::/32'], realIpHeader: 'X-Real-IP', realIpRecursive: true, unknownHost: 'close' },
    },
  },
  {
    desc: 'variables and captures: proxy_pass with variables, alias with captures, captures in headers and rewrites, argument limit keys',
    plan: {
      hosts: [
        {
          serverNames: ['~^(?<tenant>[a-z]+)\\.example\\.com$'],
          defaultServer: true,
          locations: [
            { path: '/a/', action: { kind: 'proxy', target: 'backend$request_uri' } },
            { path: '/b/', action: { kind: 'proxy', scheme: 'https', target: '$arg_up/fixed$is_args$args' } },
            { matchKind: 'REGEX', path: '^/p/(?<pool>one|two)(/.*)$', action: { kind: 'proxy', target: '$pool$2' }, policies: { proxyHeaders: [{ name: 'X-Tenant', value: '$tenant' }] } },
            { matchKind: 'REGEX', path: '^/img/(.+)$', action: { kind: 'static', alias: '/srv/img/$1' } },
            {
              path: '/r/',
              action: { kind: 'proxy', poolId: 'backend' },
              policies: { rewrites: [{ regex: '^/r/(?<rest>.*)$', replacement: '/z/$rest?t=$tenant', flag: 'break' }], rateLimits: [{ zone: 'by_uri_args' }] },
            },
          ],
        },
      ],
      pools: [{ name: 'backend', servers: [{ address: '127.0.0.1:3001' }] }],
      cacheZones: [],
      limitZones: [{ name: 'by_uri_args', kind: 'REQUEST', rate: { count: 10, per: 'second' }, key: { parts: [{ source: 'request_uri' }, { source: 'arg', name: 'user' }, { source: 'args' }] } }],
      settings: {},
    },
  },
  {
    desc: 'files: types {}, default_type, index entries with a path and a URI; redirects written relative, without the port, with the server name',
    plan: {
      hosts: [
        {
          serverNames: ['files.example.org'],
          policies: { redirects: { absolute: true, portIn: false, serverNameIn: true } },
          locations: [
            { path: '/dl/', action: { kind: 'static', alias: '/srv/dl/', types: {}, autoindex: true, autoindexFormat: 'json' } },
            { path: '/list/', action: { kind: 'static', alias: '/srv/list/', autoindex: true, autoindexFormat: 'xml', autoindexExactSize: false, autoindexLocaltime: true } },
            { path: '/docs/', action: { kind: 'static', root: '/srv', index: ['main.html', 'sub/index.html', '/fallback.html'], types: { html: 'text/html', md: 'text/markdown', markdown: 'text/markdown' }, defaultType: 'text/plain; charset=utf-8' } },
            { path: '/rel/', policies: { redirects: { absolute: false, portIn: true, serverNameIn: false } }, action: { kind: 'static', root: '/srv/www', defaultType: 'text/x-plain' } },
            { path: '/', action: { kind: 'static', root: '/srv/www' } },
          ],
        },
      ],
      pools: [],
      cacheZones: [],
      limitZones: [],
      settings: {},
    },
  },
  {
    desc: 'charsets: charset, source_charset, override_charset, charset_types at the host and location levels, off, variables, every type',
    plan: {
      hosts: [
        {
          serverNames: ['cs.example.org'],
          policies: { charset: { charset: 'utf-8', sourceCharset: 'utf-8', override: false, types: ['text/html', 'text/xml', 'text/plain', 'text/vnd.wap.wml', 'application/javascript', 'application/rss+xml'] } },
          locations: [
            { path: '/off/', policies: { charset: { charset: 'off', sourceCharset: 'utf-8', override: false, types: ['text/html', 'text/xml', 'text/plain', 'text/vnd.wap.wml', 'application/javascript', 'application/rss+xml'] } }, action: proxy() },
            { path: '/json/', policies: { charset: { charset: 'utf-8', sourceCharset: 'utf-8', override: true, types: ['text/html', 'application/json'] } }, action: proxy() },
            { path: '/any/', policies: { charset: { charset: '$arg_cs', sourceCharset: '$arg_src', override: false, types: ['*'] } }, action: proxy() },
            { path: '/html/', policies: { charset: { charset: 'koi8-r', sourceCharset: 'koi8-r', override: false, types: ['text/html'] } }, action: proxy() },
            { path: '/', action: proxy() },
          ],
        },
      ],
      pools: [],
      cacheZones: [],
      limitZones: [],
      settings: {},
    },
  },
  {
    desc: 'map blocks: exact, regex and caseless keys, hostnames masks, volatile, escaped keys, maps reading maps, a variable proxy_pass',
    plan: {
      hosts: [
        {
          serverNames: ['maps.example.com'],
          locations: [
            { path: '/', action: { kind: 'proxy', target: '$pool' }, policies: { responseHeaders: { add: [{ name: 'X-Tier', value: '$tier', always: false }], hide: [], pass: [] } } },
            { path: '/ws/', action: proxy(), policies: { websocket: { enabled: true } } },
            { path: '/static/', action: { kind: 'static', root: '/srv/www' }, policies: { expiresMs: '$expires_by_type' } },
            {
              path: '/cached/',
              action: proxy(),
              policies: {
                cache: { zone: 'maps_cache', key: '$tier$uri', valid: [{ statuses: [200], ttlMs: 60000 }], bypass: [{ source: 'variable', name: 'skip_cache' }], noStore: [{ source: 'variable', name: 'skip_cache' }] },
                rateLimits: [{ zone: 'by_map', burst: 5 }],
              },
            },
          ],
        },
      ],
      pools: [{ name: 'blue', servers: [{ address: '127.0.0.1:3001' }] }, { name: 'green', servers: [{ address: '127.0.0.1:3002' }] }],
      cacheZones: [{ name: 'maps_cache', maxSizeBytes: 1024 ** 3, inactiveMs: 600000, maxEntries: 8000 }],
      limitZones: [{ name: 'by_map', kind: 'REQUEST', rate: { count: 5, per: 'second' }, key: { parts: [{ source: 'variable', name: 'limit_key' }, { source: 'uri' }] } }],
      settings: {
        maps: [
          { variable: 'pool', source: '$http_x_env', default: 'blue', entries: [{ key: 'canary', value: 'green' }, { match: 'regex', key: '^v(?<n>[0-9]+)$', value: 'pool$n' }, { match: 'regexCaseless', key: 'GREEN', value: 'green' }] },
          { variable: 'tier', source: '$host', hostnames: true, volatile: true, entries: [{ key: '*.example.com', value: 'sub' }, { key: '.example.org', value: 'org' }, { key: 'www.example.*', value: 'www' }] },
          { variable: 'odd_keys', source: '$pool:$arg_x', entries: [{ key: '~tilde', value: 't' }, { key: 'default', value: 'd' }, { key: '\\back', value: 'b' }, { key: '', value: 'empty' }, { key: 'with space', value: 'a "quoted" value' }] },
          { variable: 'connection_upgrade', source: '$http_upgrade', default: 'upgrade', entries: [{ key: '', value: '' }] },
          { variable: 'expires_by_type', source: '$sent_http_content_type', default: 'off', entries: [{ match: 'regex', key: '^image/', value: '30d' }, { key: 'text/html', value: 'epoch' }] },
          { variable: 'skip_cache', source: '$cookie_session', default: '1', entries: [{ key: '', value: '0' }] },
          { variable: 'limit_key', source: '$http_x_partner', default: '$binary_remote_addr', entries: [{ key: 'trusted', value: '' }] },
        ],
      },
    },
  },
];
