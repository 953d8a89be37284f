// The engine's statistics as the dashboard receives them: the one-second snapshot (the
// `data` of each /api/v1/stats/stream event and what the engine's ring keeps), the names
// of its status classes and cache statuses, and the events it carries — those the engine
// notices itself and those the controller reports through the control API's POST /events.
import { z } from 'zod';

/** nginx's $upstream_cache_status values. */
export type CacheStatus = 'MISS' | 'HIT' | 'EXPIRED' | 'STALE' | 'UPDATING' | 'REVALIDATED' | 'BYPASS';

/** Names in snapshots and rollups, in index order of TrafficCounters.cache. */
export const CACHE_NAMES = ['hit', 'miss', 'expired', 'stale', 'updating', 'bypass', 'revalidated'] as const;
export type CacheName = (typeof CACHE_NAMES)[number];

export const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

/** Latency percentiles in ms (0.01 ms resolution); null when nothing was measured. */
export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
}

export interface HostSecond {
  /** Requests completed in this second. */
  requests: number;
  status: Record<StatusClass, number>;
  cache: Record<CacheName, number>;
  bytesIn: number;
  bytesOut: number;
  /** Requests in progress at the end of the second. */
  active: number;
  /** Requests refused by a rate limit (limit_req) and by a connection limit (limit_conn). */
  rateLimited: number;
  connLimited: number;
  /**
   * The answers to those refused requests by status class (429, 503 or what the limit
   * is set to answer): part of `status`, so errors can be counted without them.
   */
  limitedStatus: Record<StatusClass, number>;
  denied: number;
  /** Client-side total time (accept to last byte). */
  latencyMs: Percentiles | null;
}

export interface UpstreamSecond {
  /** Upstream attempts that got a response in this second. */
  requests: number;
  status: Record<StatusClass, number>;
  /** Requests in progress to this server at the end of the second. */
  active: number;
  fails: number;
  retries: number;
  wentDown: number;
  wentUp: number;
  /** Upstream total time (nginx $upstream_response_time). */
  latencyMs: Percentiles | null;
  /** $upstream_connect_time and $upstream_header_time. */
  connectMs: Percentiles | null;
  firstByteMs: Percentiles | null;
}

/**
 * A TCP or UDP stream's second (proxy-engine/streams/): connections (UDP sessions) opened
 * and closed, bytes each way — those of connections still open included, as they move —
 * and how long the connections that closed in this second lasted.
 */
export interface StreamSecond {
  protocol: 'tcp' | 'udp';
  /** Connections accepted (UDP: sessions opened) in this second. */
  opened: number;
  /** Connections that finished in this second. */
  closed: number;
  /** Connections closed at once: allow/deny or a refused PROXY header, a connection limit, no upstream reachable. */
  denied: number;
  limited: number;
  upstreamFailed: number;
  /** Connections (UDP sessions) open at the end of the second. */
  active: number;
  /** Bytes from clients to upstreams, and back. */
  bytesIn: number;
  bytesOut: number;
  /** Mean duration of the connections that closed in this second; null when none did. */
  meanDurationMs: number | null;
}

/**
 * One event of GET /api/v1/stats/stream, e.g.
 * { "seq": 1767225600, "t": 1767225600000,
 *   "total": { "requests": 12, "status": { "1xx": 0, "2xx": 11, "3xx": 0, "4xx": 1, "5xx": 0 },
 *              "cache": { "hit": 3, "miss": 2, "expired": 0, "stale": 0, "updating": 0, "bypass": 0, "revalidated": 0 },
 *              "bytesIn": 2048, "bytesOut": 81920, "active": 2, "rateLimited": 1, "connLimited": 0,
 *              "limitedStatus": { "1xx": 0, "2xx": 0, "3xx": 0, "4xx": 1, "5xx": 0 }, "denied": 0,
 *              "latencyMs": { "p50": 20.03, "p95": 199.7, "p99": 199.7 } },
 *   "hosts": { "example.com": { …same shape as total… } },
 *   "upstreams": { "10.0.0.5:8080": { "requests": 9, "status": {…}, "active": 1, "fails": 0, "retries": 0,
 *                  "wentDown": 0, "wentUp": 0, "latencyMs": {…}, "connectMs": {…}, "firstByteMs": {…} } },
 *   "streams": { "postgres": { "protocol": "tcp", "opened": 2, "closed": 1, "denied": 0, "limited": 0, "upstreamFailed": 0,
 *                "active": 3, "bytesIn": 5120, "bytesOut": 40960, "meanDurationMs": 812 } },
 *   "events": [{ "kind": "certificate.renewed", "certificateId": "…", "names": ["example.com"],
 *                "message": "…", "notAfter": "2027-02-20T10:00:00.000Z", "nextAttemptAt": null, "at": 1767225600412 }] }
 */
export interface StatsSnapshot {
  /** The SSE event id: one more than the previous snapshot's. */
  seq: number;
  /** Start of the second it covers, epoch ms. */
  t: number;
  /** All hosts together. */
  total: HostSecond;
  hosts: Record<string, HostSecond>;
  upstreams: Record<string, UpstreamSecond>;
  /**
   * Per TCP/UDP stream by name, those with any activity or open connection in this
   * second; absent when there is none (older engines never send it).
   */
  streams?: Record<string, StreamSecond>;
  /**
   * What happened in this second besides traffic (servers leaving or rejoining rotation,
   * certificate issuance and renewal); present only when something did.
   */
  events?: StreamEvent[];
  /** Events left out of this second beyond the per-second cap. */
  eventsDropped?: number;
}

export const CERTIFICATE_EVENT_KINDS = [
  'certificate.issued',
  'certificate.issue_failed',
  'certificate.renewal_started',
  'certificate.renewed',
  'certificate.renewal_failed',
  'certificate.expiring',
] as const;

/** What the dashboard posts to the engine's POST /events. */
export const CertificateEventInput = z.strictObject({
  kind: z.enum(CERTIFICATE_EVENT_KINDS),
  certificateId: z.string().min(1).max(64),
  names: z.array(z.string().min(1).max(253)).min(1).max(100),
  message: z.string().max(2000),
  /** The certificate's expiry (ISO), when known. */
  notAfter: z.iso.datetime().nullable().default(null),
  /** When a failed renewal is tried again (ISO); null after a failed first issuance. */
  nextAttemptAt: z.iso.datetime().nullable().default(null),
});
export type CertificateEvent = z.infer<typeof CertificateEventInput>;

/** The dashboard's health gate restored a version after a regression. */
export const ConfigEventInput = z.strictObject({
  kind: z.literal('config.rolled_back'),
  watchedRevision: z.number().int().min(1),
  restoredRevision: z.number().int().min(1),
  rollbackRevision: z.number().int().min(1),
  message: z.string().max(2000),
});
export type ConfigEvent = z.infer<typeof ConfigEventInput>;

/** What POST /events accepts. */
export const ReportedEventInput = z.discriminatedUnion('kind', [CertificateEventInput, ConfigEventInput]);
export type ReportedEvent = z.infer<typeof ReportedEventInput>;

export interface ServerEvent {
  kind: 'server.down' | 'server.up';
  poolId: string;
  address: string;
  source: 'active' | 'passive';
  reason: string | null;
}

/** One entry of a snapshot's `events`; `at` is epoch ms. */
export type StreamEvent = (ReportedEvent | ServerEvent) & { at: number };
