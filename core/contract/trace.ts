// POST /api/v1/trace (the engine's POST /trace): the request to trace and the answer, as the
// page reads it.
import { z } from 'zod';
import type { HostMatchReason } from '../config/host-matcher.ts';

export const TraceInput = z
  .object({
    method: z.string().regex(/^[A-Z]+$/).default('GET'),
    url: z.string().min(1).max(8192).describe('Absolute URL ("https://app.example.com/api/x?y=1") or a path with a Host header.'),
    headers: z.record(z.string().min(1).max(256), z.string().max(8192)).default({}),
    clientIp: z.string().max(64).default('203.0.113.10'),
  })
  .describe('A request to trace.');
export type TraceInput = z.output<typeof TraceInput>;

export type LocationMatchReason = 'exact' | 'prefix_noregex' | 'regex' | 'prefix' | 'auto_redirect';


export interface TraceServer {
  address: string;
  backup: boolean;
  down: boolean;
  health: string;
  inFlight: number;
  available: boolean;
}

export type TraceLimit =
  | { zone: string; error: string }
  | { zone: string; key: string; limited: false; note: string }
  | { zone: string; key: string; ratePerSecond: number; burst: number; nodelay: boolean; currentExcess: number; wouldReject: boolean };

export interface TraceForwardAuth {
  /** The auth request: always a GET, the client's headers with the policy's over them, no body. */
  request: { method: 'GET'; url: string; headers: [string, string][] };
  /** Headers of a 2xx answer set on the upstream request. */
  copiedHeaders: string[];
  /** auth_request_set variables. */
  variables: string[];
  /** "status": 401/403 answered, others 500 (nginx); "pass": the service's answer goes to the client. */
  deniedAnswer: 'status' | 'pass';
  /** Set when the request would not ask the service: satisfy any with an allowed address. */
  skipped: string | null;
}

export interface TraceResult {
  revision: number;
  entrypoint: 'http' | 'https';
  normalized: { host: string; path: string; query: string };
  clientAddress: { peer: string; client: string; trustedPeer: boolean };
  host: { id: string; names: string[]; matchedBy: HostMatchReason; serverName: string } | null;
  location: {
    id: string;
    matchKind: string;
    path: string;
    matchedBy: LocationMatchReason;
    prefix: string;
    /** The location the path read with "%2F" as data selects, when another: its rules are checked too. */
    alsoCheckedBy?: { id: string; matchKind: string; path: string } | null;
  } | null;
  policies: {
    access: { decision: 'allow' | 'deny' | 'none'; basicAuth: boolean; satisfy: 'all' | 'any'; list?: { id: string; name: string; decidedBy: 'list' | 'inline' | 'none' } | null } | null;
    limits: TraceLimit[];
    cache: { zone: string; key: string } | null;
    maxBodyBytes: number;
    timeouts: { connectMs: number; readMs: number };
    websocket: boolean;
    /** Forward authentication: the auth request the request would go through first (nothing is sent while tracing). */
    forwardAuth?: TraceForwardAuth | null;
  } | null;
  action:
    | { kind: 'proxy'; upstreamRequest: { method: string; url: string; path: string; headers: [string, string][] }; selection: { pool: string; algorithm: string; servers: TraceServer[]; picked: string | null; why: string } }
    | { kind: 'static' | 'redirect' | 'return' }
    | null;
  response: { status: number | null; closeConnection: boolean; headers: [string, string][]; body?: string } | null;
}

export interface TraceRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  clientIp: string;
}
