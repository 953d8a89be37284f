// The compiled, immutable runtime — everything per-request code needs, resolved once per
// revision — and what the pipeline knows about one request. The two refer to each other
// (a request holds its runtime, host and location; a compiled location holds functions of
// the request), so they live in one module. A request keeps the runtime it started with;
// a reload swaps in a new one.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { HostMatch } from '../../core/config/host-matcher.ts';
import type { LocationMatch } from '../routing/location-matcher.ts';
import type { FailureKind } from '../http/upstream-errors.ts';
import type { CertificateStore } from '../tls/certificate-store.ts';
import type { ObjectError } from '../../core/contract/status.ts';
import type { LocationAction, MatchKind } from '../../core/config/location.ts';
import type { Policies } from '../../core/config/policies.ts';
import type { GlobalSettings } from '../../core/config/settings.ts';
import type { HostConfig } from '../../core/config/host.ts';
import type { PoolConfig } from '../../core/config/pool.ts';
import type { CacheZoneConfig } from '../../core/config/zones.ts';
import type { FileTypes } from '../http/mime-types.ts';
import type { TrafficCounters } from '../stats/counters.ts';
import type { HostMatcher } from '../../core/config/host-matcher.ts';
import type { LocationMatcher } from '../routing/location-matcher.ts';
import type { UpstreamGroup } from '../upstream/group.ts';
import type { RuntimeGeneration } from './generation.ts';

export interface HeaderRule {
  /** Lower-case header name. */
  name: string;
  /** Original spelling, sent as configured. */
  display: string;
  value: Template;
  /** An empty configured value removes the header (nginx). */
  remove: boolean;
}

export interface ResponseHeaderRule {
  name: string;
  value: Template;
  always: boolean;
}

export interface CompiledProxy {
  kind: 'proxy';
  scheme: 'http' | 'https';
  upstream: UpstreamGroup;
  /** proxy_pass URI part, or null to pass the request URI unchanged. */
  uri: string | null;
  /** nginx's $proxy_host: the upstream name (pool) or host[:port] (address). */
  proxyHost: string;
  /** The request target to send as it is (a URI part of a proxy_pass with variables). */
  exactTarget?: string;
  /** proxy_pass with variables: the target of each request (upstream/variable-target.ts). */
  resolve?: (ctx: RequestContext) => TargetResolution;
}

/** The target of one request of a proxy_pass with variables, or why there is none. */
export type TargetResolution =
  | { ok: true; proxy: CompiledProxy; proxyHost: string; proxyPort: string }
  | { ok: false; status: 500 | 502; reason: string };

/** autoindex_format, autoindex_exact_size, autoindex_localtime. */
export interface ListingOptions {
  format: 'html' | 'json' | 'xml';
  exactSize: boolean;
  localtime: boolean;
}
export type CompiledAction =
  | CompiledProxy
  | {
      kind: 'static';
      root: string | null;
      alias: string | null;
      index: string[];
      tryFiles: string[] | null;
      autoindex: boolean;
      listing: ListingOptions;
      fileTypes: FileTypes;
      /** An alias in a regex location: the whole file path, captures evaluated (pipeline/alias-captures.ts). */
      regexAlias?: Template;
    }
  | { kind: 'redirect'; status: number; url: Template }
  | { kind: 'return'; status: number; body: Template; contentType: string };

export interface CompiledLocation {
  id: string;
  hostId: string;
  matchKind: MatchKind;
  path: string;
  action: CompiledAction;
  /** The location sees paths with "%2F" kept as data (routing/encoded-slashes.ts). */
  keepEncodedSlashes: boolean;
  /** Effective policies (location over host). */
  policies: Policies;
  proxyHeaders: HeaderRule[];
  responseHeaders: ResponseHeaderRule[];
  /** Lower-case names of upstream response headers to drop. */
  hideHeaders: Set<string>;
  /** Lower-case names proxy_pass_header lets through although hidden (by default or by hideHeaders). */
  passHeaders?: Set<string>;
  /** proxy_cookie_path / _domain / _flags on Set-Cookie of proxied answers (null: none). */
  cookieRewriter?: CookieRewriter | null;
  /** proxy_buffer_size: the upstream's status line and headers must fit in this many bytes (else 502). */
  headerBufferBytes?: number;
  maxBodyBytes: number;
  connectTimeoutMs: number;
  sendTimeoutMs: number;
  readTimeoutMs: number;
  buffering: boolean;
  /** A request body of unknown length is read whole and sent with Content-Length (proxy_request_buffering). */
  requestBuffering: boolean;
  /** client_body_buffer_size: a buffered body past this goes to a temporary file. */
  bodyBufferBytes: number;
  /** proxy_force_ranges: byte ranges on proxied answers (pipeline/force-ranges.ts). */
  forceRanges: boolean;
  websocket: { enabled: boolean; idleTimeoutMs: number };
  serverTokens: boolean;
  /** proxy_redirect for Location/Refresh of proxied responses (null = off). */
  redirectRewriter: RedirectRewriter | null;
  /** Expires / Cache-Control headers from the `expires` policy, or null. */
  expiresHeaders: (ctx: RequestContext) => string[] | null;
  /** The compiled middleware chain ending in the action. */
  handle: Stage;
  /**
   * What the location enforces on a request that another reading of its path sends to
   * another location (routing/encoded-slashes.ts): its access rules, then the chosen
   * location's chain; or, for a `return` of an error, that answer. null: nothing.
   */
  guard: Stage | null;
  /** Counters of this location (live second). */
  stats: TrafficCounters;
  /** The location's own rewrite rules (run after it is matched). */
  rewrites: Rewriter | null;
  /** nginx `internal`: a request that no internal redirect brought here gets 404. */
  internal: boolean;
  /** The location's error_page rules (inherited from the host when it has none); null: none. */
  errorPages: ErrorPageHandler | null;
  /** proxy_intercept_errors: upstream statuses ≥ 300 that `errorPages` takes over. */
  interceptsStatus: ((status: number) => boolean) | null;
  /** proxy_ignore_headers X-Accel-Redirect: the header is not acted on. */
  ignoresAccelRedirect: boolean;
  /** The raw action as configured (for the tracer and export). */
  source: LocationAction;
  /** The host's named captures, variables of this location's templates (http/capture-names.ts). */
  captureNames?: ReadonlySet<string>;
  /** nginx's charset filter of the effective policy (http/charset-filter.ts); null: none. */
  charsetFilter: CharsetFilter | null;
}

export interface CompiledHost {
  id: string;
  primaryName: string;
  /** Counters of this host (live second). */
  stats: TrafficCounters;
  /** The host's own response header rules, for answers made before a location matched. */
  responseHeaders: ResponseHeaderRule[];
  /** Host-level rewrite rules, run before location matching (nginx's server rewrite phase). */
  serverRewrites: Rewriter | null;
  serverNames: string[];
  entrypoints: Set<'http' | 'https'>;
  config: HostConfig;
  locations: LocationMatcher<CompiledLocation>;
  errorPages: Map<number, { body: string; contentType: string }>;
  /** Named locations ("location @name") by name, "@" included. */
  namedLocations?: Map<string, CompiledLocation>;
  /** The host's error_page rules, for answers made before a location matched. */
  errorPageRules?: ErrorPageHandler | null;
  /** The host's charset filter, for answers made before a location matched; null: none. */
  charsetFilter: CharsetFilter | null;
}

export interface Runtime {
  /** Which requests still run on this runtime (what only it uses is released after them). */
  generation: RuntimeGeneration;
  revision: number;
  compiledAt: number;
  settings: GlobalSettings;
  hosts: { http: HostMatcher<CompiledHost>; https: HostMatcher<CompiledHost> };
  hostCount: number;
  /** The pools in use, with the scheme locations reach them by (for active health checks). */
  pools: { config: PoolConfig; scheme: 'http' | 'https' }[];
  cacheZones: CacheZoneConfig[];
  errors: ObjectError[];
  /** Predicate for the trusted-proxy list. */
  isTrustedProxy: (address: string) => boolean;
  /** TLS: the certificate store of this revision (SNI → SecureContext); absent without TLS deps. */
  tls?: CompiledTls;
}

/**
 * HTTP/2 requests arrive through Node's compatibility API, whose request and response
 * objects implement the same surface the pipeline uses; they are typed as HTTP/1 here
 * and the few differences (writeHead with arrays) are handled where they matter.
 */
export type ClientRequest = IncomingMessage;

export type ClientResponse = ServerResponse;

export interface RequestContext {
  req: ClientRequest;
  res: ClientResponse;
  runtime: Runtime;
  scheme: 'http' | 'https';
  serverPort: number;
  /** The TCP peer. */
  peerAddr: string;
  peerPort: number;
  /** The client address: the peer, or the forwarded address when the peer is a trusted proxy. */
  remoteAddr: string;
  /** Whether the peer is a configured trusted proxy (its X-Forwarded-* are believed). */
  trustedPeer: boolean;
  method: string;
  /** The request target as the client sent it ($request_uri). */
  requestUri: string;
  /**
   * The normalised path the location sees ($uri): the decoded path, or the one with
   * "%2F" kept for a location that keeps encoded slashes. Rewrites change it.
   */
  path: string;
  /** The decoded form of the current path ("%2F" is "/"): what limits count by. */
  decodedPath: string;
  /** The current path with encoded slashes kept as "%2F" (=== decodedPath when it has none). */
  keptPath: string;
  /**
   * The location the path's kept reading ("%2F" as data) selects when that is another
   * one than `location`: its guard (access rules, an error `return`) runs first.
   */
  alsoCheckedBy: CompiledLocation | null;
  /** The query string without "?" ($args). */
  query: string;
  /** Host header as sent ($http_host), "" if none. */
  hostHeader: string;
  /** Normalised host name ($host). */
  host: string;
  requestId: string;
  /** performance.now() at accept. */
  startedAt: number;
  hostConfig: CompiledHost | null;
  location: CompiledLocation | null;
  /** How the host and the location were chosen (for the tracer and logs). */
  hostMatch: HostMatch<CompiledHost> | null;
  locationMatch: LocationMatch<CompiledLocation> | null;
  /** The matched location prefix, for proxy URI replacement and alias. */
  matchedPrefix: string;
  /** Regex captures of the matched location ($1…, named). */
  captures: string[] | undefined;
  namedCaptures: Record<string, string> | undefined;
  /**
   * Set when a rewrite changed the path: the proxy URI part is then not applied, and a
   * proxy without one sends the current path instead of the client's target (nginx).
   */
  rewritten: boolean;
  /** Internal redirects so far (try_files' fallback URI); more than 10 is a cycle. */
  internalRedirects: number;
  /** Variables made by `set` (http/user-variables.ts). */
  userVariables?: Map<string, string>;
  /** The length of a body of unknown length once it was read whole ($content_length then shows it, as nginx). */
  readBodyLength?: number;
  /** An internal request (nginx's r->internal: rewritten or redirected): `internal` locations accept it. */
  internal?: boolean;
  /** An error page was tried already (without recursive_error_pages, errors after it get the plain page). */
  errorPageTried?: boolean;
  /** The status an error page answers with, whatever its target answers (error_page without "="). */
  errorPageStatus?: number;
  /** Set after an upstream's X-Accel-Redirect: the headers it carries to the final answer (http/accel-headers.ts). */
  accelRedirect?: { carried: string[]; contentType: string | null };
  /** Host and location matched; the request counts as active for its host. */
  routed: boolean;
  /** Set for a WebSocket upgrade: the raw client socket and the bytes read past the headers. */
  upgrade?: { socket: Duplex; head: Buffer };
  upstreamAddr: string;
  upstreamStatus: number;
  /** The upstream's status and reason phrase, sent to HTTP/1 clients as nginx does while the status is unchanged. */
  upstreamReason?: { status: number; text: string };
  /** The status of the answer being built, and its headers so far (add_header's $status, $sent_http_*). */
  responseStatus: number;
  responseHeaders: readonly string[] | null;
  /** The upstream's answer headers as it sent them ($upstream_http_*), once it answered. */
  upstreamHeaders?: readonly (string | Buffer)[];
  /**
   * $proxy_host and $proxy_port of a proxy_pass with variables, known once the target is
   * evaluated (http/proxy-target.ts); unset: the location's own.
   */
  proxyTarget?: { host: string; port: string };
  cacheStatus: string;
  /** Set when Portico's own rate or connection limit refused the request (the stats tell these answers apart from errors). */
  limited?: boolean;
  /**
   * The client socket's byte counters when the request started, set by the stats
   * observer: the request's bytes are the difference at its end. (On the context rather
   * than in a WeakMap keyed by it: ~1 µs less per request, docs/benchmarks.md.)
   */
  baseline?: { socket: import('node:net').Socket | null; read: number; written: number };
  /** Content filters (compression, cache fill) the response goes through; unset = straight to `res` (sink.ts). */
  sink?: ResponseSink;
  /** Set by the cache: how the upstream request differs from the client's (HEAD → GET, conditional headers). */
  upstreamRequest?: UpstreamRequestOverride;
}

/** What a response head is, for filters that treat upstream answers specially (the cache). */
export type ResponseOrigin =
  /** The upstream's answer; `rawHeaders` as the upstream sent them (before proxy_hide_header etc.). */
  | { kind: 'upstream'; rawHeaders: readonly (string | Buffer)[] }
  /** An error page standing in for an upstream that failed (nginx's proxy_cache_use_stale error/timeout). */
  | { kind: 'upstream-failure'; failure: FailureKind };

export interface ResponseSink {
  readonly headersSent: boolean;
  /** `headers`: flat [name, value, …] exactly as the client should get them. */
  writeHead(status: number, headers: string[], origin?: ResponseOrigin): void;
  /** false: stop writing until onceDrain's listener runs. */
  write(chunk: Buffer | string): boolean;
  end(chunk?: Buffer | string): void;
  /** Runs `listener` once the sink accepts more; at once (next microtask) when it is not blocked. */
  onceDrain(listener: () => void): void;
  /** Bytes accepted but not yet handed to the client's socket. */
  readonly pending: number;
  /** The response cannot be completed (upstream failed mid-body): cut it. */
  abort(): void;
}

/** How the upstream request differs from the client's (set by the cache: HEAD → GET, conditional headers). */
export interface UpstreamRequestOverride {
  method?: string;
  /** Lower-case client header names not forwarded. */
  dropHeaders?: ReadonlySet<string>;
  extraHeaders?: readonly [string, string][];
}

export type Stage = (ctx: RequestContext) => void | Promise<void>;

export type Getter = (ctx: RequestContext) => string;

export type Template = (ctx: RequestContext) => string;

export type RewriteOutcome =
  | { kind: 'unchanged' }
  | { kind: 'changed'; flag: 'last' | 'break' | 'none' }
  | { kind: 'redirect'; status: 301 | 302 | 303 | 307 | 308; location: string }
  | { kind: 'invalid' }
  /** A `return` step: answered in the rewrite phase (text null: the status's own page). */
  | { kind: 'return'; status: number; text: string | null; contentType: string };

/** Takes over an error answer with an error_page rule; false: the plain answer goes out. */
export type ErrorPageHandler = (ctx: RequestContext, status: number) => boolean;

export type Rewriter = (ctx: RequestContext) => RewriteOutcome;

export type RedirectRewriter = (value: string, ctx: RequestContext, header: 'location' | 'refresh') => string;

/** proxy_cookie_* on one Set-Cookie value (http/proxy-cookies.ts). */
export type CookieRewriter = (value: string, ctx: RequestContext) => string;

export type CompiledTls = CertificateStore<CompiledHost>;

/** A charset policy compiled (http/charset-filter.ts): what an answer's Content-Type is checked and changed by. */
export interface CharsetFilter {
  charset: (ctx: RequestContext) => string;
  source: ((ctx: RequestContext) => string) | null;
  override: boolean;
  /** Lower-case types; null: every type ("*"). */
  types: ReadonlySet<string> | null;
  /** The charsets nginx knows (lower case): those named literally by charset and source_charset. */
  known: ReadonlySet<string>;
}
