// What each policy section is, what it defaults to when switched on (the model's own
// defaults), how its value reads in one line, and what applies while it is not set.
import { BufferingPolicy, CachePolicy, CompressionPolicy, RetryPolicy, TimeoutsPolicy, type Policies } from '@/core/config/policies.ts';
import { describeSize, formatDuration } from '@/components/forms/units.ts';
import { initialZone, newConnLimit, newRateLimit, zoneState } from './default-zones.ts';
import type { ZoneKind, ZoneNames } from './zones-context.tsx';
import { plural } from '@/components/ui/plural.ts';

export type PolicyKey = 'proxyHeaders' | 'responseHeaders' | 'cache' | 'rateLimits' | 'connLimits' | 'access' | 'forwardAuth' | 'cors' | 'maxBodyBytes' | 'timeouts' | 'buffering' | 'websocket' | 'compression' | 'retry';

export interface PolicyInfo {
  title: string;
  description: string;
  /** What the engine does when neither the location nor the host sets the section. */
  builtIn: string;
  /** The value a switched-on section starts from (zones: the ones that exist). */
  makeDefault(zones: ZoneNames): unknown;
  summary(value: never, zones: ZoneNames): string;
}

const ms = (v: unknown) => (typeof v === 'number' ? formatDuration(v) : 'not set');

/** "per-client (10 r/s per client address)", "default (new)", "no zone chosen". */
function zoneWords(kind: ZoneKind, name: string | undefined, zones: ZoneNames): string {
  if (!name) return 'no zone chosen';
  const state = zoneState(kind, name, zones);
  if (state.kind === 'missing') return `${name} (does not exist)`;
  return kind === 'cache' ? (state.kind === 'to-create' ? `${name} (new)` : name) : `${name} (${state.detail}${state.kind === 'to-create' ? ', new' : ''})`;
}

/** The headers most proxies set; offered when the section is switched on (Host has its own switch). */
const ESSENTIAL_HEADERS = [
  { name: 'X-Real-IP', value: '$remote_addr' },
  { name: 'X-Forwarded-For', value: '$proxy_add_x_forwarded_for' },
  { name: 'X-Forwarded-Proto', value: '$scheme' },
];

type P<K extends keyof Policies> = NonNullable<Policies[K]>;

export const POLICY_CATALOG: Record<PolicyKey, PolicyInfo> = {
  proxyHeaders: {
    title: 'Request headers',
    description: 'Headers set on the request to the upstream (proxy_set_header). Setting this section replaces the inherited list as a whole, as in nginx. An empty value removes a header.',
    builtIn: 'client headers pass through unchanged (nginx default); Host follows the Host header switch',
    makeDefault: () => ESSENTIAL_HEADERS.map((h) => ({ ...h })),
    summary: (v: P<'proxyHeaders'>) => (v.length ? v.map((h) => h.name).join(', ') : 'none'),
  },
  responseHeaders: {
    title: 'Response headers',
    description: 'Headers added to responses (add_header), upstream headers hidden from clients (proxy_hide_header) or passed although hidden (proxy_pass_header).',
    builtIn: 'nothing added or hidden',
    makeDefault: () => ({ add: [], hide: [], pass: [] }),
    summary: (v: P<'responseHeaders'>) =>
      `${plural(v.add?.length ?? 0, 'added header')}, ${plural(v.hide?.length ?? 0, 'hidden header')}${v.pass?.length ? `, ${plural(v.pass.length, 'passed header')}` : ''}`,
  },
  cache: {
    title: 'Cache',
    description: 'Store upstream responses in a cache zone and answer repeated requests from it (proxy_cache).',
    builtIn: 'off (every request reaches the upstream)',
    // What the upstream allows, nothing more: no fixed lifetime, no cookies or credentials.
    makeDefault: (zones) => CachePolicy.parse({ zone: initialZone('cache', zones) }),
    summary: (v: P<'cache'>, zones) =>
      `${v.zone ? `zone ${zoneWords('cache', v.zone, zones)}` : 'no zone chosen'} · ${v.valid?.length ? `also ${v.valid.map((r) => `${r.statuses === 'any' ? 'any status' : (r.statuses ?? []).join('/')} for ${ms(r.ttlMs)}`).join(', ')}` : 'as the upstream allows'}`,
  },
  rateLimits: {
    title: 'Rate limits',
    description: 'Limit the request rate per key with request-limit zones (limit_req). Every rule applies.',
    builtIn: 'no limit',
    makeDefault: (zones) => [newRateLimit(initialZone('request', zones))],
    summary: (v: P<'rateLimits'>, zones) => (v.length ? v.map((r) => `${zoneWords('request', r.zone, zones)}${r.burst ? ` · burst ${r.burst}` : ''}${r.nodelay ? ' at once' : ''}`).join('; ') : 'none'),
  },
  connLimits: {
    title: 'Connection limits',
    description: 'Limit concurrent requests per key with connection-limit zones (limit_conn).',
    builtIn: 'no limit',
    makeDefault: (zones) => [newConnLimit(initialZone('connection', zones))],
    summary: (v: P<'connLimits'>, zones) => (v.length ? v.map((r) => `${zoneWords('connection', r.zone, zones)} ≤ ${r.max}`).join('; ') : 'none'),
  },
  access: {
    title: 'Access control',
    description: 'Allow or deny client addresses (first matching rule decides) and require HTTP Basic authentication.',
    builtIn: 'everyone allowed',
    makeDefault: () => ({ rules: [], satisfy: 'all' }),
    summary: (v: P<'access'>) => [v.listId ? 'an access list' : '', plural(v.rules?.length ?? 0, 'rule'), v.basicAuth ? `basic auth (${plural(v.basicAuth.users.length, 'user')})` : ''].filter(Boolean).join(' · '),
  },
  forwardAuth: {
    title: 'Forward authentication',
    description: 'Put the site behind a login: every request first asks an auth service (Authelia, Authentik, oauth2-proxy…); 2xx lets it through with the user headers the service answers.',
    builtIn: 'off (no auth service asked)',
    makeDefault: () => ({ enabled: true, preset: 'custom', scheme: 'http', path: '/', requestHeaders: [], copyHeaders: [], variables: [], deniedAnswer: 'status', timeoutMs: 60000 }),
    summary: (v: P<'forwardAuth'>) =>
      v.enabled === false
        ? 'off here'
        : [`${v.scheme ?? 'http'}://${v.address ?? v.poolId ?? '…'}${v.path ?? '/'}`, v.copyHeaders?.length ? `copies ${v.copyHeaders.join(', ')}` : ''].filter(Boolean).join(' · '),
  },
  cors: {
    title: 'CORS',
    description: 'Answer cross-origin requests from browsers: preflight OPTIONS requests get a 204 without reaching the upstream.',
    builtIn: 'off (no CORS headers; preflights reach the upstream)',
    makeDefault: () => ({ origins: [], methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'], headers: [], exposeHeaders: [], credentials: false, maxAgeSeconds: 600 }),
    summary: (v: P<'cors'>) => `${v.origins.join(', ') || 'no origins'}${v.credentials ? ' · credentials' : ''}`,
  },
  maxBodyBytes: {
    title: 'Request body size',
    description: 'The largest request body accepted (client_max_body_size); larger ones are refused with 413.',
    builtIn: '1 MiB',
    makeDefault: () => 1024 * 1024,
    summary: (v: number) => (v === 0 ? 'unlimited' : `up to ${describeSize(v)}`),
  },
  timeouts: {
    title: 'Timeouts',
    description: 'How long to wait for the upstream: to connect (then 502), between two writes of the request, and between two reads of the response (then 504).',
    builtIn: 'connect 1m · send 1m · read 1m',
    makeDefault: () => TimeoutsPolicy.parse({}),
    summary: (v: P<'timeouts'>) => `connect ${ms(v.connectMs)} · send ${ms(v.sendMs)} · read ${ms(v.readMs)}`,
  },
  buffering: {
    title: 'Buffering',
    description: 'Whether responses are buffered (proxy_buffering), and how large the upstream\'s head may be (proxy_buffer_size). Turn buffering off for Server-Sent Events and other streams that must reach the client chunk by chunk.',
    builtIn: 'on',
    makeDefault: () => BufferingPolicy.parse({}),
    summary: (v: P<'buffering'>) => (v.enabled === false ? 'off (streamed)' : 'on'),
  },
  websocket: {
    title: 'WebSocket',
    description: 'Pass WebSocket upgrades through to the upstream and keep the tunnel open while it is in use.',
    builtIn: 'off (upgrade requests are not passed)',
    makeDefault: () => ({ enabled: true, idleTimeoutMs: 60_000 }),
    summary: (v: P<'websocket'>) => (v.enabled ? `on · idle timeout ${ms(v.idleTimeoutMs)}` : 'off'),
  },
  compression: {
    title: 'Compression',
    description: 'Compress responses with gzip or brotli for clients that accept it.',
    builtIn: 'off',
    makeDefault: () => CompressionPolicy.parse({}),
    summary: (v: P<'compression'>) => {
      const codecs = [v.gzip ? 'gzip' : '', v.brotli ? 'brotli' : ''].filter(Boolean);
      return codecs.length ? `${codecs.join(' + ')} · level ${v.level ?? 6}` : 'off';
    },
  },
  retry: {
    title: 'Retries',
    description: 'When a request fails on one server of a pool, try the next one (proxy_next_upstream).',
    builtIn: 'on error and timeout, as many tries as the pool has servers',
    makeDefault: () => RetryPolicy.parse({}),
    summary: (v: P<'retry'>) => (v.on.length === 0 ? 'off' : `on ${v.on.join(', ')}${v.tries ? ` · ${plural(v.tries, 'try', 'tries')}` : ''}${v.timeoutMs ? ` · within ${ms(v.timeoutMs)}` : ''}`),
  },
};

export const POLICY_ORDER: PolicyKey[] = ['proxyHeaders', 'responseHeaders', 'timeouts', 'maxBodyBytes', 'buffering', 'websocket', 'cache', 'compression', 'rateLimits', 'connLimits', 'access', 'forwardAuth', 'cors', 'retry'];

/** Policy keys the editor does not offer yet (set by import or the API); listed so nobody is surprised. */
export const OTHER_POLICY_LABELS: Record<string, string> = {
  rewrites: 'rewrites',
  rewriteSteps: 'rewrite steps (set, if, return, rewrite, break)',
  errorPageRules: 'error_page',
  interceptErrors: 'proxy_intercept_errors',
  recursiveErrorPages: 'recursive_error_pages',
  ignoreAccelRedirect: 'proxy_ignore_headers X-Accel-Redirect',
  internal: 'internal (only internal redirects reach it)',
  proxyRedirect: 'proxy_redirect',
  proxyCookies: 'cookie rewrites (proxy_cookie_*)',
  expiresMs: 'expires',
  accessLog: 'access log',
  serverTokens: 'server tokens',
  httpVersion: 'proxy_http_version',
  securityHeaders: 'security headers',
  requestBuffering: 'proxy_request_buffering',
  forceRanges: 'proxy_force_ranges',
  charset: 'charset (charset, source_charset, override_charset, charset_types)',
};

export function summarise(key: PolicyKey, value: unknown, zones: ZoneNames): string {
  try {
    return (POLICY_CATALOG[key].summary as (v: unknown, zones: ZoneNames) => string)(value, zones);
  } catch {
    // A half-edited value (a field mid-typing) may not summarise; the fields say what is wrong.
    return 'being edited';
  }
}
