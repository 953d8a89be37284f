// The compiled, immutable runtime: everything per-request code needs, resolved once per
// revision. A request keeps the runtime it started with; a reload swaps in a new one.
import type { ObjectError } from '../../core/contract/status.ts';
import type { LocationAction, MatchKind } from '../../core/config/location.ts';
import type { Policies } from '../../core/config/policies.ts';
import type { GlobalSettings } from '../../core/config/settings.ts';
import type { HostConfig } from '../../core/config/host.ts';
import type { PoolConfig } from '../../core/config/pool.ts';
import type { CacheZoneConfig } from '../../core/config/zones.ts';
import type { TrafficCounters } from '../stats/counters.ts';
import type { HostMatcher } from '../../core/config/host-matcher.ts';
import type { LocationMatcher } from '../routing/location-matcher.ts';
import type { Template } from '../pipeline/variables.ts';
import type { UpstreamGroup } from '../upstream/group.ts';
import type { RequestContext } from '../pipeline/context.ts';
import type { RedirectRewriter } from '../pipeline/response-headers.ts';
import type { Stage } from '../pipeline/stage.ts';
import type { Rewriter } from '../routing/rewrite.ts';


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
}

export type CompiledAction =
  | CompiledProxy
  | { kind: 'static'; root: string | null; alias: string | null; index: string[]; tryFiles: string[] | null; autoindex: boolean }
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
  maxBodyBytes: number;
  connectTimeoutMs: number;
  sendTimeoutMs: number;
  readTimeoutMs: number;
  buffering: boolean;
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
  /** The raw action as configured (for the tracer and export). */
  source: LocationAction;
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
}

export interface Runtime {
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
  tls?: import('../tls/compile-tls.ts').CompiledTls;
}
