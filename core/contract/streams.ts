// The engine's live view of its streams (control API GET /streams, the Streams page), and
// the stream tracer's question and answer (POST /streams/trace).
import { z } from 'zod';

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
  /** Finished connections (UDP: ended sessions) and their summed duration, since the engine started. */
  closed: number;
  durationMsTotal: number;
}


/** Which stream a connection would reach: by port (or the HTTPS entrypoint) and TLS server name. */
export const StreamTraceInput = z
  .object({
    protocol: z.enum(['tcp', 'udp']).default('tcp'),
    port: z.number().int().min(1).max(65535).optional().describe('The stream port the client connects to.'),
    entrypoint: z.enum(['https']).optional().describe('Or the HTTPS entrypoint (TLS passthrough names).'),
    serverName: z.string().max(253).optional().describe('The TLS server name (SNI) the client sends, if any.'),
    clientIp: z.string().max(64).default('127.0.0.1').describe('The client address, for allow/deny.'),
  })
  .refine((t) => (t.port === undefined) !== (t.entrypoint === undefined), { message: 'give one of port and entrypoint', path: ['port'] })
  .describe('A connection to explain.');
export type StreamTraceInput = z.output<typeof StreamTraceInput>;

export interface StreamTrace {
  /** The stream that takes the connection, or null (and why). */
  stream: { id: string; name: string } | null;
  reason: string;
  /** How the target was chosen: an SNI route, the stream's default, or Portico's own TLS (HTTPS entrypoint). */
  via: 'sni' | 'default' | 'terminated' | null;
  allowed: boolean | null;
  /** The pool the connection would be balanced over. */
  pool: { name: string; algorithm: string; servers: string[] } | null;
}
