// GET /metrics on the control port: Prometheus text exposition format 0.0.4. Counts are
// the totals since start plus the second in progress, so a scrape is exact; latencies
// are histograms in seconds with a fixed set of `le` bounds.
import type { Entity, StatsCollector } from './collector.ts';
import { type TrafficCounters, type UpstreamCounters } from './counters.ts';
import { CACHE_NAMES, STATUS_CLASSES } from '../../core/contract/stats.ts';
import type { LatencyHistogram } from '../../core/stats/histogram.ts';

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

import { LE_MS, LE_SECONDS } from './prometheus-bounds.ts';

export { LE_SECONDS };

type Labels = Record<string, string>;

/** Label values may hold any text: backslash, double quote and newline are escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatLabels(labels: Labels): string {
  const parts = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabelValue(value)}"`);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** Lines of one metric family; all its samples stay together, as the format requires. */
class Family {
  readonly lines: string[];
  readonly #name: string;

  constructor(name: string, type: 'counter' | 'gauge' | 'histogram', help: string) {
    this.#name = name;
    this.lines = [`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} ${type}`];
  }

  sample(labels: Labels, value: number, suffix = ''): void {
    this.lines.push(`${this.#name}${suffix}${formatLabels(labels)} ${formatValue(value)}`);
  }

  /** A latency histogram in ms exposed in seconds: what has been flushed plus the current second. */
  histogram(labels: Labels, flushed: LatencyHistogram, current: LatencyHistogram): void {
    const a = flushed.cumulative(LE_MS);
    const b = current.cumulative(LE_MS);
    LE_SECONDS.forEach((le, i) => this.sample({ ...labels, le: String(le) }, a[i]! + b[i]!, '_bucket'));
    const count = flushed.count + current.count;
    this.sample({ ...labels, le: '+Inf' }, count, '_bucket');
    this.sample(labels, (flushed.sum + current.sum) / 1000, '_sum');
    this.sample(labels, count, '_count');
  }
}

/** Sum of a counter field over the flushed totals and the second in progress. */
const both = <T extends TrafficCounters>(e: Entity<T>, read: (c: T) => number): number => read(e.total) + read(e.live);

function codesOf(e: Entity): Map<number, number> {
  const codes = new Map(e.total.codes);
  for (const [code, n] of e.live.codes) codes.set(code, (codes.get(code) ?? 0) + n);
  return new Map([...codes].sort((x, y) => x[0] - y[0]));
}

export function renderMetrics(collector: StatsCollector): string {
  const hosts = [...collector.hosts()];
  const locations = [...collector.locations()];
  const upstreams = [...collector.upstreams()];
  const families: Family[] = [];
  const family = (name: string, type: 'counter' | 'gauge' | 'histogram', help: string): Family => {
    const f = new Family(name, type, help);
    families.push(f);
    return f;
  };

  const requests = family('portico_requests_total', 'counter', 'Requests completed, by host and status code.');
  for (const e of hosts) for (const [code, n] of codesOf(e)) requests.sample({ host: e.key, code: String(code) }, n);
  const counters: [string, string, (c: TrafficCounters) => number][] = [
    ['portico_received_bytes_total', 'Request bytes read from clients.', (c) => c.bytesIn],
    ['portico_sent_bytes_total', 'Response bytes written to clients.', (c) => c.bytesOut],
    ['portico_rate_limited_total', 'Requests refused by a rate limit (limit_req).', (c) => c.rateLimited],
    ['portico_rate_limited_dry_run_total', 'Requests a dry-run rate limit would have refused.', (c) => c.rateLimitedDryRun],
    ['portico_conn_limited_total', 'Requests refused by a connection limit (limit_conn).', (c) => c.connLimited],
    ['portico_conn_limited_dry_run_total', 'Requests a dry-run connection limit would have refused.', (c) => c.connLimitedDryRun],
    ['portico_denied_total', 'Requests refused by access rules or authentication.', (c) => c.denied],
    ['portico_retries_total', 'Upstream attempts beyond the first.', (c) => c.retries],
  ];
  for (const [name, help, read] of counters) {
    const f = family(name, 'counter', help);
    for (const e of hosts) f.sample({ host: e.key }, both(e, read));
  }
  const limited = family('portico_limited_responses_total', 'counter', 'Answers to requests refused by a rate or connection limit, by status class (part of portico_requests_total).');
  for (const e of hosts) STATUS_CLASSES.forEach((cls, i) => limited.sample({ host: e.key, class: cls }, e.total.limitedStatus[i + 1]! + e.live.limitedStatus[i + 1]!));
  const active = family('portico_active_requests', 'gauge', 'Requests in progress.');
  for (const e of hosts) active.sample({ host: e.key }, e.live.active);
  const cache = family('portico_cache_total', 'counter', 'Cache lookups by status ($upstream_cache_status).');
  for (const e of hosts) CACHE_NAMES.forEach((status, i) => cache.sample({ host: e.key, status }, e.total.cache[i]! + e.live.cache[i]!));
  const duration = family('portico_request_duration_seconds', 'histogram', 'Client-side request time, accept to last byte.');
  for (const e of hosts) duration.histogram({ host: e.key }, e.total.latency, e.live.latency);

  const byClass = family('portico_location_requests_total', 'counter', 'Requests completed, by location and status class.');
  for (const e of locations) STATUS_CLASSES.forEach((cls, i) => byClass.sample({ host: e.host, location: e.key, class: cls }, e.total.statusClass[i + 1]! + e.live.statusClass[i + 1]!));
  const locationDuration = family('portico_location_request_duration_seconds', 'histogram', 'Client-side request time by location.');
  for (const e of locations) locationDuration.histogram({ host: e.host, location: e.key }, e.total.latency, e.live.latency);

  renderUpstreams(upstreams, family);
  return families.map((f) => f.lines.join('\n')).join('\n') + '\n';
}

function renderUpstreams(upstreams: Entity<UpstreamCounters>[], family: (name: string, type: 'counter' | 'gauge' | 'histogram', help: string) => Family): void {
  const responses = family('portico_upstream_responses_total', 'counter', 'Upstream responses, by server and status code.');
  for (const e of upstreams) for (const [code, n] of codesOf(e)) responses.sample({ server: e.key, code: String(code) }, n);
  const active = family('portico_upstream_active_requests', 'gauge', 'Requests in progress to the server.');
  for (const e of upstreams) active.sample({ server: e.key }, e.live.active);
  const fails = family('portico_upstream_fails_total', 'counter', 'Failed attempts (counted towards max_fails).');
  for (const e of upstreams) fails.sample({ server: e.key }, both(e, (c) => c.fails));
  const health = family('portico_upstream_health_changes_total', 'counter', 'Server health transitions.');
  for (const e of upstreams) {
    health.sample({ server: e.key, to: 'down' }, both(e, (c) => c.wentDown));
    health.sample({ server: e.key, to: 'up' }, both(e, (c) => c.wentUp));
  }
  const timings: [string, string, (c: UpstreamCounters) => LatencyHistogram][] = [
    ['portico_upstream_connect_seconds', 'Time to connect to the server ($upstream_connect_time).', (c) => c.connect],
    ['portico_upstream_first_byte_seconds', 'Time to the first response byte ($upstream_header_time).', (c) => c.firstByte],
    ['portico_upstream_response_seconds', 'Time to the last response byte ($upstream_response_time).', (c) => c.latency],
  ];
  for (const [name, help, pick] of timings) {
    const f = family(name, 'histogram', help);
    for (const e of upstreams) f.histogram({ server: e.key }, pick(e.total), pick(e.live));
  }
}
