// One access-log line as the engine writes it (JSON) and the dashboard's Logs page reads it
// (GET /logs, the live tail): nginx's combined fields plus the upstream's.
export interface AccessEntry {
  time: string;
  requestId: string;
  remoteAddr: string;
  host: string;
  method: string;
  uri: string;
  protocol: string;
  status: number;
  bytesOut: number;
  durationMs: number;
  upstreamAddr: string;
  upstreamStatus: number | null;
  cacheStatus: string;
  referer: string;
  userAgent: string;
}
