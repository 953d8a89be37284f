// The answer of POST /api/v1/trace (proxy-engine/admin/trace.ts), as the page reads it.
import type { HostMatchReason } from '@/proxy-engine/routing/host-matcher.ts';
import type { LocationMatchReason } from '@/proxy-engine/routing/location-matcher.ts';

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
    access: { decision: 'allow' | 'deny' | 'none'; basicAuth: boolean; satisfy: 'all' | 'any' } | null;
    limits: TraceLimit[];
    cache: { zone: string; key: string } | null;
    maxBodyBytes: number;
    timeouts: { connectMs: number; readMs: number };
    websocket: boolean;
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
