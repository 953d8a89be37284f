// The window summary (core/contract/window-summary.ts) of what the engine's ring holds.
import { summarizeSnapshots, type WindowSummary } from '../../core/contract/window-summary.ts';
import type { StatsSnapshot } from '../../core/contract/stats.ts';
import type { SnapshotRing } from './ring.ts';

/** The window [from, to) from the ring (epoch ms). */
export function summarizeRing(ring: SnapshotRing, from: number, to: number): WindowSummary {
  function* inWindow(): Generator<StatsSnapshot> {
    for (let seq = ring.newestSeq; seq >= ring.oldestSeq && seq >= 0; seq--) {
      const entry = ring.get(seq);
      if (!entry) break;
      if (entry.t < from) return;
      if (entry.t < to) yield JSON.parse(entry.json) as StatsSnapshot;
    }
  }
  return summarizeSnapshots(inWindow(), from, to);
}
