// Several nodes' one-second snapshots added into one, in the shape of a single engine's
// (core/contract/stats.ts). Counts add up exactly. Latency percentiles cannot be merged
// from percentiles: the merged ones are the nodes' figures weighted by their requests (an
// approximation; one node's stream, ?node=, carries its exact figures). Gauges (`active`)
// add across nodes; within one node a later second replaces an earlier one.
import { CACHE_NAMES, STATUS_CLASSES, type HostSecond, type Percentiles, type StatsSnapshot, type StreamSecond, type UpstreamSecond } from '@/core/contract/stats.ts';

type Weighted = { sum: Percentiles; weight: number };

const zeroStatus = () => Object.fromEntries(STATUS_CLASSES.map((c) => [c, 0])) as HostSecond['status'];

export function emptyHostSecond(): HostSecond {
  return { requests: 0, status: zeroStatus(), cache: Object.fromEntries(CACHE_NAMES.map((n) => [n, 0])) as HostSecond['cache'], bytesIn: 0, bytesOut: 0, active: 0, rateLimited: 0, connLimited: 0, limitedStatus: zeroStatus(), denied: 0, latencyMs: null };
}

function emptyUpstreamSecond(): UpstreamSecond {
  return { requests: 0, status: zeroStatus(), active: 0, fails: 0, retries: 0, wentDown: 0, wentUp: 0, latencyMs: null, connectMs: null, firstByteMs: null };
}

/** Percentiles weighted by requests; a part with none measured leaves them out. */
class PercentileMix {
  readonly #mixes = new Map<string, Weighted>();
  add(key: string, p: Percentiles | null | undefined, requests: number): void {
    if (!p) return;
    const weight = Math.max(1, requests);
    const m = this.#mixes.get(key) ?? { sum: { p50: 0, p95: 0, p99: 0 }, weight: 0 };
    m.sum.p50 += p.p50 * weight;
    m.sum.p95 += p.p95 * weight;
    m.sum.p99 += p.p99 * weight;
    m.weight += weight;
    this.#mixes.set(key, m);
  }
  get(key: string): Percentiles | null {
    const m = this.#mixes.get(key);
    if (!m) return null;
    const round = (n: number) => Math.round((n / m.weight) * 100) / 100;
    return { p50: round(m.sum.p50), p95: round(m.sum.p95), p99: round(m.sum.p99) };
  }
}

function addStatus(into: HostSecond['status'], from: HostSecond['status'] | undefined): void {
  for (const c of STATUS_CLASSES) into[c] += from?.[c] ?? 0;
}

function addHost(into: HostSecond, from: HostSecond, sameNode: boolean): void {
  into.requests += from.requests;
  addStatus(into.status, from.status);
  for (const n of CACHE_NAMES) into.cache[n] += from.cache?.[n] ?? 0;
  into.bytesIn += from.bytesIn;
  into.bytesOut += from.bytesOut;
  into.active = sameNode ? from.active : into.active + from.active;
  into.rateLimited += from.rateLimited ?? 0;
  into.connLimited += from.connLimited ?? 0;
  addStatus(into.limitedStatus, from.limitedStatus);
  into.denied += from.denied ?? 0;
}

function addUpstream(into: UpstreamSecond, from: UpstreamSecond, sameNode: boolean): void {
  into.requests += from.requests;
  addStatus(into.status, from.status);
  into.active = sameNode ? from.active : into.active + from.active;
  into.fails += from.fails;
  into.retries += from.retries;
  into.wentDown += from.wentDown;
  into.wentUp += from.wentUp;
}

function addStream(into: StreamSecond, from: StreamSecond, sameNode: boolean, durations: Map<StreamSecond, number>): void {
  into.opened += from.opened;
  into.closed += from.closed;
  into.denied += from.denied;
  into.limited += from.limited;
  into.upstreamFailed += from.upstreamFailed;
  into.active = sameNode ? from.active : into.active + from.active;
  into.bytesIn += from.bytesIn;
  into.bytesOut += from.bytesOut;
  durations.set(into, (durations.get(into) ?? 0) + (from.meanDurationMs ?? 0) * from.closed);
}

/**
 * `parts` added into one snapshot with the given seq and t. `sameNode`: the parts are
 * successive seconds of one node (gauges keep the latest), else one second of several nodes.
 */
export function mergeSeconds(parts: readonly StatsSnapshot[], seq: number, t: number, sameNode = false): StatsSnapshot {
  const mix = new PercentileMix();
  const total = emptyHostSecond();
  const hosts: Record<string, HostSecond> = {};
  const upstreams: Record<string, UpstreamSecond> = {};
  const streams: Record<string, StreamSecond> = {};
  const durations = new Map<StreamSecond, number>();
  const events: NonNullable<StatsSnapshot['events']> = [];
  let eventsDropped = 0;
  for (const part of parts) {
    addHost(total, part.total, sameNode);
    mix.add('total', part.total.latencyMs, part.total.requests);
    for (const [name, h] of Object.entries(part.hosts)) {
      addHost((hosts[name] ??= emptyHostSecond()), h, sameNode);
      mix.add(`h:${name}`, h.latencyMs, h.requests);
    }
    for (const [address, u] of Object.entries(part.upstreams ?? {})) {
      addUpstream((upstreams[address] ??= emptyUpstreamSecond()), u, sameNode);
      mix.add(`u:${address}`, u.latencyMs, u.requests);
      mix.add(`c:${address}`, u.connectMs, u.requests);
      mix.add(`f:${address}`, u.firstByteMs, u.requests);
    }
    for (const [name, s] of Object.entries(part.streams ?? {})) {
      addStream((streams[name] ??= { ...s, opened: 0, closed: 0, denied: 0, limited: 0, upstreamFailed: 0, active: 0, bytesIn: 0, bytesOut: 0, meanDurationMs: null }), s, sameNode, durations);
    }
    events.push(...(part.events ?? []));
    eventsDropped += part.eventsDropped ?? 0;
  }
  total.latencyMs = mix.get('total');
  for (const [name, h] of Object.entries(hosts)) h.latencyMs = mix.get(`h:${name}`);
  for (const [address, u] of Object.entries(upstreams)) {
    u.latencyMs = mix.get(`u:${address}`);
    u.connectMs = mix.get(`c:${address}`);
    u.firstByteMs = mix.get(`f:${address}`);
  }
  for (const s of Object.values(streams)) s.meanDurationMs = s.closed === 0 ? null : Math.round((durations.get(s) ?? 0) / s.closed);
  const merged: StatsSnapshot = { seq, t, total, hosts, upstreams };
  if (Object.keys(streams).length > 0) merged.streams = streams;
  if (events.length > 0) merged.events = events.sort((a, b) => a.at - b.at);
  if (eventsDropped > 0) merged.eventsDropped = eventsDropped;
  return merged;
}
