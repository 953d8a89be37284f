// Writes each finished minute's rollups to SQLite (StatsMinute) and prunes rows older
// than the retention period, so graphs survive restarts without growing forever.
import type { Db } from '../db/client.ts';
import type { MinuteRollup } from './rollup.ts';

const PRUNE_EVERY_MS = 60 * 60 * 1000;

export function createRollupWriter(db: Db, retentionDays: () => number) {
  let lastPrune = 0;
  let chain: Promise<unknown> = Promise.resolve();
  const write = async (rows: MinuteRollup[]): Promise<void> => {
    if (rows.length === 0) return;
    await db.$transaction(
      rows.map((row) =>
        db.statsMinute.upsert({
          where: { minute_scope_key: { minute: row.minute, scope: row.scope, key: row.key } },
          create: { ...row, bytesIn: BigInt(row.bytesIn), bytesOut: BigInt(row.bytesOut), counters: row.counters, latency: row.latency },
          update: { ...row, bytesIn: BigInt(row.bytesIn), bytesOut: BigInt(row.bytesOut), counters: row.counters, latency: row.latency },
        }),
      ),
    );
    if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
      lastPrune = Date.now();
      await db.statsMinute.deleteMany({ where: { minute: { lt: new Date(Date.now() - retentionDays() * 86400_000) } } });
    }
  };
  return {
    /** Queued so minutes are written in order; a failed write is reported, never thrown into the engine. */
    onMinute(rows: MinuteRollup[]): void {
      chain = chain.then(() => write(rows)).catch((error: unknown) => process.emitWarning(`stats rollup not written: ${(error as Error).message}`));
    },
    flush: () => chain,
  };
}
