// Whether the traffic after a configuration change regressed against the traffic before
// it, by the health gate's settings: the share of 5xx answers, and upstream p99 latency.
// Pure, so the rules are tested without a proxy.
import type { HealthGate } from '../../core/config/settings.ts';
import type { WindowSummary } from '../../core/contract/window-summary.ts';
import { plural } from '../../core/views/plural.ts';

export type GateVerdict = { kind: 'regression'; reason: string } | { kind: 'healthy'; reason: string } | { kind: 'undecided'; reason: string };

/** Latency must also grow by this much: a 2 ms → 7 ms jump is not worth a rollback. */
export const LATENCY_FLOOR_MS = 100;

const percent = (n: number) => `${(n * 100).toFixed(n > 0 && n < 0.01 ? 2 : 1)} %`;
const ratio = (errors: number, requests: number) => (requests > 0 ? errors / requests : 0);

export function judge(before: WindowSummary, after: WindowSummary, gate: HealthGate): GateVerdict {
  if (after.requests < gate.minRequests) {
    return { kind: 'undecided', reason: `${plural(after.requests, 'request')} since the change, fewer than the ${gate.minRequests} needed to judge it` };
  }
  const was = ratio(before.status5xx, before.requests);
  const now = ratio(after.status5xx, after.requests);
  const errorsBefore = before.requests > 0 ? `${percent(was)} (${before.status5xx} of ${before.requests})` : '0 % (no traffic)';
  const allowed = gate.max5xxIncreasePercent / 100;
  if (now > was + allowed) {
    return { kind: 'regression', reason: `5xx answers rose from ${errorsBefore} before the change to ${percent(now)} (${after.status5xx} of ${after.requests}) after it, more than the ${percent(allowed)} allowed` };
  }
  const latencyComparable = gate.latencyFactor !== null && before.upstreamP99Ms !== null && after.upstreamP99Ms !== null && before.upstreamRequests >= gate.minRequests && after.upstreamRequests >= gate.minRequests;
  if (latencyComparable) {
    const [p, q] = [before.upstreamP99Ms!, after.upstreamP99Ms!];
    if (q > p * gate.latencyFactor! && q - p >= LATENCY_FLOOR_MS) {
      return { kind: 'regression', reason: `upstream p99 latency rose from ${p} ms before the change to ${q} ms after it, more than ${gate.latencyFactor}× (and ${LATENCY_FLOOR_MS} ms)` };
    }
  }
  const latency = latencyComparable ? `; upstream p99 ${before.upstreamP99Ms} → ${after.upstreamP99Ms} ms` : '';
  return { kind: 'healthy', reason: `5xx answers ${errorsBefore} before, ${percent(now)} (${after.status5xx} of ${after.requests}) after${latency}` };
}
