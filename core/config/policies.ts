// Per-location (and host-wide) policies. Every section is optional: a section a location
// leaves out is inherited from its host, and a section neither sets falls back to
// nginx's default behaviour. Replacing a section replaces it whole, as nginx does for
// proxy_set_header and add_header.
import { ErrorPageRules } from './error-page-rules.ts';
import { ForwardAuthPolicy } from './forward-auth.ts';
import { RewriteSteps } from './rewrite-steps.ts';
import { CharsetPolicy } from './charset.ts';
import { z } from 'zod';
import { patternRewriteRule, ProxyCookies } from './proxy-cookies.ts';
import { isCheckablePasswordHash, passwordHashFormat } from '../auth/password-hash-format.ts';
import { AddressMatch, DurationMs, HeaderName, HeaderValue, HttpMethod, Id, ObjectName, SafeRegex, SizeBytes, StatusCode } from './primitives.ts';

export const HeaderSet = z
  .object({
    name: HeaderName,
    value: HeaderValue.describe('Value with variables ($host, $remote_addr, $proxy_add_x_forwarded_for, $scheme, $http_<name>, ...); an empty value removes the header.'),
  })
  .describe('One proxy_set_header rule.');

export const HeaderAdd = z
  .object({
    name: HeaderName,
    value: HeaderValue,
    always: z.boolean().default(false).describe('Add to every response; otherwise only to 200, 201, 204, 206, 301, 302, 303, 304, 307 and 308 (nginx add_header).'),
  })
  .describe('One add_header rule.');

export const ResponseHeaders = z
  .object({
    add: z.array(HeaderAdd).max(100).default([]).describe('Headers added to responses.'),
    hide: z.array(HeaderName).max(100).default([]).describe('Upstream response headers removed before the client sees them (proxy_hide_header).'),
    pass: z
      .array(HeaderName)
      .max(100)
      .default([])
      .describe('Upstream response headers passed although hidden by default or by hide (proxy_pass_header): Date, Server, X-Pad, X-Accel-*. A passed Date or Server replaces the proxy\'s own (none is sent when the upstream sends none).'),
  })
  .describe('Response header rules.');

/** A request attribute that turns a cache bypass / no-store condition on when non-empty and not "0". */
export const RequestCondition = z
  .object({
    source: z.enum(['header', 'cookie', 'query', 'variable']).describe('Where the value comes from (variable: a `map` variable).'),
    name: z.string().min(1).max(256).describe('Header, cookie, query argument or map variable name.'),
  })
  .describe('A condition that holds when the named value is present, non-empty and not "0" (nginx semantics).');

export const CacheValidity = z
  .object({
    statuses: z.union([z.array(StatusCode).min(1), z.literal('any')]).describe('Status codes, or "any".'),
    ttlMs: DurationMs.describe('How long such responses stay fresh.'),
  })
  .describe('One proxy_cache_valid rule.');

export const CachePolicy = z
  .object({
    zone: ObjectName.describe('The cache zone to use.'),
    key: z.string().max(1024).optional().describe('Cache key template; default $scheme$proxy_host$request_uri.'),
    valid: z
      .array(CacheValidity)
      .max(20)
      .default([])
      .describe('Fixed lifetimes per status for answers whose upstream gives none (proxy_cache_valid). Empty: only answers the upstream marks cacheable (Cache-Control max-age / s-maxage, Expires, X-Accel-Expires) are stored.'),
    methods: z.array(z.enum(['GET', 'HEAD', 'POST'])).default(['GET', 'HEAD']).describe('Methods whose responses are cached.'),
    minUses: z.number().int().min(1).max(1000).default(1).describe('Requests for a key before its response is stored.'),
    bypass: z.array(RequestCondition).max(20).default([]).describe('Conditions that skip the cache lookup (proxy_cache_bypass).'),
    noStore: z.array(RequestCondition).max(20).default([]).describe('Conditions that keep a response out of the cache (proxy_no_cache).'),
    useStale: z
      .array(z.enum(['error', 'timeout', 'updating', 'http_500', 'http_502', 'http_503', 'http_504', 'http_403', 'http_404', 'http_429']))
      .default([])
      .describe('When a stale entry may be served (proxy_cache_use_stale).'),
    backgroundUpdate: z.boolean().default(false).describe('Refresh expired entries in the background while serving stale (needs "updating").'),
    lock: z.boolean().default(false).describe('One request fills a missing entry; the others wait (proxy_cache_lock).'),
    lockTimeoutMs: DurationMs.default(5000).describe('How long others wait for the filling request.'),
    revalidate: z.boolean().default(false).describe('Refresh expired entries with conditional requests (proxy_cache_revalidate).'),
    ignoreSetCookie: z.boolean().default(false).describe('Store responses that carry Set-Cookie (nginx: proxy_ignore_headers Set-Cookie).'),
    allowAuthorized: z.boolean().default(false).describe('Serve and store requests with Authorization (off: a shared cache never does).'),
    allowCookies: z
      .boolean()
      .default(false)
      .describe(
        'Serve and store requests that carry a Cookie header. Off: they go to the upstream (BYPASS) and their answers are not stored, ' +
          'so a page made for one signed-in user is never shown to another (nginx: proxy_cache_bypass $http_cookie + proxy_no_cache $http_cookie). ' +
          'nginx caches them: an imported configuration sets it on unless it bypasses and no-caches $http_cookie.',
      ),
    statusHeader: HeaderName.optional().describe('Response header that reports the cache status (e.g. X-Cache-Status).'),
  })
  .describe('Response cache (proxy_cache).');

export const RateLimitRule = z
  .object({
    zone: ObjectName.describe('A REQUEST limit zone.'),
    burst: z.number().int().min(0).max(100000).default(0).describe('Requests allowed above the rate before rejecting.'),
    nodelay: z.boolean().default(false).describe('Serve burst requests at once instead of spacing them out.'),
    delay: z.number().int().min(0).max(100000).default(0).describe('Requests served at once before excess ones are delayed (two-stage limiting).'),
    status: StatusCode.default(503).describe('Status for rejected requests (limit_req_status).'),
    dryRun: z.boolean().default(false).describe('Count what would be limited without limiting.'),
  })
  .describe('One limit_req rule.');

export const ConnLimitRule = z
  .object({
    zone: ObjectName.describe('A CONNECTION limit zone.'),
    max: z.number().int().min(1).max(1000000).describe('Concurrent requests allowed per key.'),
    status: StatusCode.default(503).describe('Status for rejected requests (limit_conn_status).'),
    dryRun: z.boolean().default(false).describe('Count what would be limited without limiting.'),
  })
  .describe('One limit_conn rule.');

export const AccessRule = z
  .object({
    action: z.enum(['allow', 'deny']),
    source: AddressMatch,
  })
  .describe('One allow/deny rule; rules are checked in order and the first match decides.');

export const BasicAuthUser = z.object({
  username: z.string().min(1).max(128).refine((u) => !/[:\r\n]/.test(u), 'must not contain ":" or a line break'),
  passwordHash: z
    .string()
    .min(1)
    .max(512)
    // A user file line ends at ":" or a line break (nginx reads no further).
    .refine((h) => !/[:\r\n\0]/.test(h), 'must not contain ":" or a line break')
    .refine(isCheckablePasswordHash, { error: (issue) => `${passwordHashFormat(String(issue.input)).label}: not a hash Portico can check (bcrypt, yescrypt, scrypt, NT, BSDi DES, argon2, $5$/$6$ SHA-crypt, $1$/$apr1$ MD5, {SHA}, {SSHA}, {PLAIN} or DES crypt)` })
    .describe('bcrypt ($2y$/$2b$/$2a$), yescrypt ($y$), scrypt ($7$), NT ($3$), argon2, SHA-crypt ($5$/$6$), MD5-crypt ($1$/$apr1$), {SHA}, {SSHA}, {PLAIN} or DES crypt, as in an htpasswd file; "!" locks the user.'),
});

export const AccessPolicy = z
  .object({
    rules: z.array(AccessRule).max(1000).default([]).describe('allow/deny rules in order.'),
    basicAuth: z
      .object({
        realm: z
          .string()
          .max(256)
          .refine((r) => !/[\x00-\x1f\x7f]/.test(r), 'must not contain control characters')
          .default('Restricted'),
        users: z.array(BasicAuthUser).min(1).max(1000),
      })
      .optional()
      .describe('HTTP Basic authentication.'),
    satisfy: z.enum(['all', 'any']).default('all').describe('With both: all = address and password; any = either.'),
    listId: Id.optional().describe("A named access list (GET /api/v1/access-lists): its rules come before these, its users before these, and its satisfy replaces this one (core/config/access-list.ts)."),
  })
  .describe('Access control (allow/deny, auth_basic, satisfy).');

export const CorsPolicy = z
  .object({
    origins: z.array(z.string().min(1).max(512)).min(1).describe('Allowed origins: exact ("https://app.example.com"), "*" or a regex prefixed with "~".'),
    methods: z.array(HttpMethod).default(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']),
    headers: z.array(HeaderName).default([]).describe('Allowed request headers (empty: echo what the preflight asks for).'),
    exposeHeaders: z.array(HeaderName).default([]),
    credentials: z.boolean().default(false),
    maxAgeSeconds: z.number().int().min(0).max(86400).default(600),
  })
  .describe('CORS; preflight OPTIONS requests are answered with 204 without reaching the upstream.');

const Off = z.literal(false);

export const SecurityHeadersPolicy = z
  .object({
    preset: z
      .enum(['none', 'basic', 'strict'])
      .default('basic')
      .describe(
        'Starting point. "basic": X-Content-Type-Options: nosniff, X-Frame-Options: SAMEORIGIN, Referrer-Policy: strict-origin-when-cross-origin. ' +
          '"strict": also HSTS (two years, includeSubDomains), X-Frame-Options: DENY, Referrer-Policy: no-referrer, ' +
          'Permissions-Policy: camera=(), microphone=(), geolocation=() and Content-Security-Policy: default-src \'self\'. "none": only the fields set below. A field set below overrides the preset.',
      ),
    hsts: z
      .union([Off, z.object({ maxAgeSeconds: z.number().int().min(0).max(2 * 365 * 86400).default(63072000), includeSubDomains: z.boolean().default(false), preload: z.boolean().default(false) })])
      .optional()
      .describe('Strict-Transport-Security, sent on HTTPS responses only; false = not sent. When the host\'s own HSTS setting (tls.hsts) is on, that one is sent instead.'),
    frameOptions: z.union([Off, z.enum(['DENY', 'SAMEORIGIN'])]).optional().describe('X-Frame-Options; false = not sent.'),
    contentTypeOptions: z.boolean().optional().describe('X-Content-Type-Options: nosniff.'),
    referrerPolicy: z
      .union([Off, z.enum(['no-referrer', 'no-referrer-when-downgrade', 'origin', 'origin-when-cross-origin', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin', 'unsafe-url'])])
      .optional()
      .describe('Referrer-Policy; false = not sent.'),
    permissionsPolicy: z.union([Off, HeaderValue]).optional().describe('Permissions-Policy value, e.g. "camera=(), microphone=()"; false or "" = not sent.'),
    contentSecurityPolicy: z.union([Off, HeaderValue]).optional().describe('Content-Security-Policy value, e.g. "default-src \'self\'"; false or "" = not sent.'),
    cspReportOnly: z.boolean().default(false).describe('Send the CSP as Content-Security-Policy-Report-Only, to try a policy without enforcing it.'),
    always: z.boolean().default(true).describe('Add to every response, errors included (nginx add_header … always); off: only to 200, 201, 204, 206, 301, 302, 303, 304, 307 and 308.'),
  })
  .describe('Security response headers from a preset, each adjustable.');

export const TimeoutsPolicy = z
  .object({
    connectMs: DurationMs.default(60000).describe('proxy_connect_timeout (failure → 502).'),
    sendMs: DurationMs.default(60000).describe('proxy_send_timeout: between two writes of the request to the upstream.'),
    readMs: DurationMs.default(60000).describe('proxy_read_timeout: between two reads of the response (failure → 504).'),
  })
  .describe('Upstream timeouts.');

export const BufferingPolicy = z
  .object({
    enabled: z.boolean().default(true).describe('Off: every chunk is flushed to the client at once (for Server-Sent Events).'),
    headerBufferBytes: z
      .number()
      .int()
      .min(128)
      .max(1024 * 1024)
      .default(4096)
      .describe('proxy_buffer_size: the upstream\'s status line and headers must fit in it, or the answer is 502 (nginx default 4k, one memory page).'),
  })
  .describe('Response buffering (proxy_buffering, proxy_buffer_size).');

export const RequestBufferingPolicy = z
  .object({
    enabled: z
      .boolean()
      .default(true)
      .describe(
        'On (nginx default): a request body of unknown length (chunked, or HTTP/2 without content-length) is read whole before the upstream is contacted and sent with Content-Length. ' +
          'Off: it is streamed upstream chunked. Bodies with a Content-Length are streamed either way.',
      ),
    memoryBytes: SizeBytes.default(16384).describe('client_body_buffer_size: a buffered body larger than this goes to a temporary file in the data directory.'),
  })
  .describe('Request body buffering (proxy_request_buffering, client_body_buffer_size).');

export const WebSocketPolicy = z
  .object({
    enabled: z.boolean().default(false).describe('Pass Upgrade: websocket through to the upstream.'),
    idleTimeoutMs: DurationMs.default(60000).describe('Close a tunnel idle this long (nginx: proxy_read_timeout).'),
  })
  .describe('WebSocket upgrades.');

export const CompressionPolicy = z
  .object({
    gzip: z.boolean().default(true),
    brotli: z.boolean().default(false),
    level: z.number().int().min(1).max(9).default(6),
    minLength: SizeBytes.default(20).describe('Responses shorter than this (by Content-Length) are not compressed.'),
    types: z.array(z.string().min(1).max(128)).default(['text/html']).describe('MIME types to compress; text/html always is.'),
    proxied: z
      .array(z.enum(['off', 'any', 'expired', 'no-cache', 'no-store', 'private', 'no_last_modified', 'no_etag', 'auth']))
      .default(['off'])
      .describe('Which responses to requests that came through another proxy (with Via) may be compressed (gzip_proxied).'),
    vary: z.boolean().default(false).describe('Add Vary: Accept-Encoding (gzip_vary).'),
  })
  .describe('gzip / brotli compression of responses.');

export const RetryPolicy = z
  .object({
    on: z
      .array(z.enum(['error', 'timeout', 'invalid_header', 'http_500', 'http_502', 'http_503', 'http_504', 'http_403', 'http_404', 'http_429', 'non_idempotent']))
      .default(['error', 'timeout'])
      .describe('When to try the next server (proxy_next_upstream); empty = off.'),
    tries: z.number().int().min(0).max(100).default(0).describe('Total tries, 0 = unlimited (bounded by the pool size).'),
    timeoutMs: DurationMs.default(0).describe('Time budget for all tries, 0 = unlimited.'),
  })
  .describe('Retries on another server.');

export const RewriteRule = z
  .object({
    regex: SafeRegex,
    replacement: z.string().min(1).max(2048),
    flag: z.enum(['last', 'break', 'redirect', 'permanent']).optional().describe('As nginx rewrite flags; none = continue with the next rule.'),
  })
  .describe('One rewrite rule.');

export const ProxyRedirectRule = patternRewriteRule(
  false,
  'A prefix of the Location/Refresh URL (variables allowed), or "~regex" / "~*regex" (case-insensitive): a match replaces the whole URL.',
).describe('Rewrite of Location/Refresh headers from the upstream (proxy_redirect).');

export const RedirectsPolicy = z
  .object({
    absolute: z.boolean().default(true).describe('absolute_redirect: a Location Portico writes itself ("/dir/") is made absolute with the scheme and host.'),
    portIn: z.boolean().default(true).describe('port_in_redirect: the port the request arrived on is written when it is not the scheme\'s default.'),
    serverNameIn: z.boolean().default(false).describe('server_name_in_redirect: the host\'s primary name instead of the request\'s Host.'),
  })
  .describe('How the Location of redirects Portico answers itself is written (directory slash, auto redirect, return, rewrite).');

export const Policies = z
  .object({
    proxyHeaders: z.array(HeaderSet).max(100).optional().describe('Request headers set for the upstream (proxy_set_header). nginx default: Host $proxy_host, Connection close.'),
    passHostHeader: z
      .boolean()
      .optional()
      .describe(
        "Send the client's Host to the upstream (proxy_set_header Host $host) instead of the pool's name or the address ($proxy_host, nginx's default). " +
          'A Host rule in proxyHeaders takes precedence. Unset = off (nginx); hosts created in the dashboard turn it on.',
      ),
    responseHeaders: ResponseHeaders.optional(),
    cache: CachePolicy.optional(),
    rateLimits: z.array(RateLimitRule).max(10).optional().describe('limit_req rules (all apply).'),
    connLimits: z.array(ConnLimitRule).max(10).optional().describe('limit_conn rules (all apply).'),
    access: AccessPolicy.optional(),
    forwardAuth: ForwardAuthPolicy.optional(),
    cors: CorsPolicy.optional(),
    securityHeaders: SecurityHeadersPolicy.optional(),
    maxBodyBytes: SizeBytes.optional().describe('client_max_body_size (nginx default 1 MiB; 0 = unlimited); larger bodies get 413.'),
    timeouts: TimeoutsPolicy.optional(),
    buffering: BufferingPolicy.optional(),
    requestBuffering: RequestBufferingPolicy.optional(),
    forceRanges: z.boolean().optional().describe('proxy_force_ranges: serve byte ranges of proxied answers even when the upstream does not offer them (default off).'),
    websocket: WebSocketPolicy.optional(),
    compression: CompressionPolicy.optional(),
    retry: RetryPolicy.optional(),
    rewrites: z.array(RewriteRule).max(100).optional(),
    rewriteSteps: RewriteSteps.optional(),
    errorPageRules: ErrorPageRules.optional(),
    interceptErrors: z.boolean().optional().describe('proxy_intercept_errors: an upstream status of 300 or more that an error page rule names is answered by that rule.'),
    ignoreAccelRedirect: z.boolean().optional().describe('proxy_ignore_headers X-Accel-Redirect: an upstream\'s X-Accel-Redirect is not an internal redirect (it is still hidden from clients).'),
    internal: z.boolean().optional().describe('nginx internal (locations only): only internal redirects (error_page, try_files, rewrites, X-Accel-Redirect) reach the location; a client asking for it gets 404.'),
    recursiveErrorPages: z.boolean().optional().describe('recursive_error_pages: the error page may itself be redirected by an error page rule.'),
    proxyRedirect: z
      .union([z.literal('default'), z.literal('off'), z.array(z.union([z.literal('default'), ProxyRedirectRule])).max(20)])
      .optional()
      .describe('proxy_redirect (nginx default: "default"); in a list, "default" is the default rule at its place among the others.'),
    proxyCookies: ProxyCookies.optional(),
    expiresMs: z
      .union([
        DurationMs,
        z.literal('max'),
        z.literal('epoch'),
        z.literal('off'),
        z.string().max(1024).regex(/\$/, 'must be a duration in milliseconds (a whole number: 30000 is 30 seconds), "max", "epoch", "off" or a value with a variable ("$expires" from a map)').describe('expires with variables ("$expires" from a map): evaluated per response and read as nginx reads a written value (a time, max, epoch, off).'),
      ])
      .optional()
      .describe('expires: Expires and Cache-Control: max-age on responses.'),
    accessLog: z.boolean().optional().describe('Write access log lines (default on).'),
    serverTokens: z.boolean().optional().describe('Show the version in Server and error pages (nginx server_tokens).'),
    redirects: RedirectsPolicy.optional(),
    charset: CharsetPolicy.optional(),
    httpVersion: z.enum(['1.0', '1.1']).optional().describe('proxy_http_version: 1.1 enables keep-alive to upstreams (default 1.1 in Portico).'),
  })
  .describe('Per-location policies; sections not set are inherited from the host.');

export type Policies = z.infer<typeof Policies>;
export type PolicyKey = keyof Policies;

/** The effective policies: the location's sections over the host's. */
export function mergePolicies(host: Policies, location: Policies): Policies {
  const merged: Record<string, unknown> = { ...host };
  for (const [key, value] of Object.entries(location)) {
    if (value !== undefined) merged[key] = value;
  }
  return merged as Policies;
}
