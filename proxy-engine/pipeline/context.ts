// What the pipeline knows about one request. Built once per request; every stage reads
// from it instead of re-parsing the request.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import type { CompiledHost, CompiledLocation, Runtime } from '../runtime/types.ts';
import type { HostMatch } from '../../core/config/host-matcher.ts';
import type { LocationMatch } from '../routing/location-matcher.ts';
import type { ResponseSink, UpstreamRequestOverride } from './sink.ts';

/**
 * HTTP/2 requests arrive through Node's compatibility API, whose request and response
 * objects implement the same surface the pipeline uses; they are typed as HTTP/1 here
 * and the few differences (writeHead with arrays) are handled where they matter.
 */
export type ClientRequest = IncomingMessage;
export type ClientResponse = ServerResponse;
export type { Http2ServerRequest, Http2ServerResponse };

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
  /** Host and location matched; the request counts as active for its host. */
  routed: boolean;
  /** Set for a WebSocket upgrade: the raw client socket and the bytes read past the headers. */
  upgrade?: { socket: Duplex; head: Buffer };
  upstreamAddr: string;
  upstreamStatus: number;
  /** The status of the answer being built, and its headers so far (add_header's $status, $sent_http_*). */
  responseStatus: number;
  responseHeaders: readonly string[] | null;
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
