// One summary per cache zone from every worker's: when each worker keeps its own index
// (no shared memory), a zone's entries and bytes are the sum of theirs; its size limit is
// the configured one, not a sum. With shared indexes only the workers' in-memory bodies
// are added up this way (engine.ts), the rest is the shared index's.
import type { ZoneSummary } from '../cache/zone.ts';

export function mergeZoneSummaries(perWorker: readonly (readonly ZoneSummary[])[]): ZoneSummary[] {
  const byName = new Map<string, ZoneSummary>();
  for (const zones of perWorker) {
    for (const zone of zones) {
      const seen = byName.get(zone.name);
      if (!seen) {
        byName.set(zone.name, { ...zone });
        continue;
      }
      const sum = seen as unknown as Record<string, unknown>;
      for (const [field, value] of Object.entries(zone)) {
        if (field !== 'maxSizeBytes' && typeof value === 'number' && typeof sum[field] === 'number') sum[field] = (sum[field] as number) + value;
      }
    }
  }
  return [...byName.values()];
}
