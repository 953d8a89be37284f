// The engine's live view of its streams (control API GET /streams, the Streams page).
export interface StreamStatus {
  id: string;
  name: string;
  protocol: 'tcp' | 'udp';
  /** Null for a stream on the HTTPS entrypoint. */
  listenPort: number | null;
  entrypoint: 'https' | null;
  /** The port is bound and this stream answers on it. */
  listening: boolean;
  /** Why the stream is disabled (cannot bind, its pool is missing, …). */
  error: string | null;
  /** TCP connections open now. */
  active: number;
  /** UDP client sessions open now. */
  sessions: number;
  accepted: number;
  /** Closed at once by an allow/deny rule. */
  denied: number;
  /** Closed at once by a connection limit. */
  limited: number;
  /** No upstream server could be reached. */
  upstreamFailed: number;
  /** Bytes from clients to upstreams since the engine started (open connections included). */
  bytesIn: number;
  /** Bytes from upstreams to clients. */
  bytesOut: number;
  /** Mean duration of finished connections. */
  meanDurationMs: number | null;
}
