// The streams in the Prometheus text the control port's /metrics serves, next to the HTTP
// figures: per stream, connections open, accepted and refused, bytes each way, and the
// time finished connections lasted.
import type { StreamStatus } from '../../core/contract/streams.ts';

const label = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

const FAMILIES: { name: string; type: 'gauge' | 'counter'; help: string; value: (s: StreamStatus) => number | null }[] = [
  { name: 'portico_stream_connections_active', type: 'gauge', help: 'TCP connections (UDP sessions) open now.', value: (s) => (s.protocol === 'udp' ? s.sessions : s.active) },
  { name: 'portico_stream_connections_accepted_total', type: 'counter', help: 'Connections (UDP sessions) accepted.', value: (s) => s.accepted },
  { name: 'portico_stream_connections_denied_total', type: 'counter', help: 'Connections closed at once by an allow/deny rule or a refused PROXY protocol header.', value: (s) => s.denied },
  { name: 'portico_stream_connections_limited_total', type: 'counter', help: 'Connections closed at once by a connection limit.', value: (s) => s.limited },
  { name: 'portico_stream_upstream_failed_total', type: 'counter', help: 'Connections for which no upstream server could be reached.', value: (s) => s.upstreamFailed },
  { name: 'portico_stream_received_bytes_total', type: 'counter', help: 'Bytes from clients to upstreams.', value: (s) => s.bytesIn },
  { name: 'portico_stream_sent_bytes_total', type: 'counter', help: 'Bytes from upstreams to clients.', value: (s) => s.bytesOut },
  { name: 'portico_stream_connection_duration_mean_ms', type: 'gauge', help: 'Mean duration of finished connections.', value: (s) => s.meanDurationMs },
];

export function renderStreamMetrics(streams: readonly StreamStatus[]): string {
  if (streams.length === 0) return '';
  let out = '';
  for (const family of FAMILIES) {
    out += `# HELP ${family.name} ${family.help}\n# TYPE ${family.name} ${family.type}\n`;
    for (const s of streams) {
      const value = family.value(s);
      if (value !== null) out += `${family.name}{stream="${label(s.name)}",protocol="${s.protocol}"} ${value}\n`;
    }
  }
  return out;
}
