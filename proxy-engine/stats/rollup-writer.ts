// Writes each finished minute's rollups to SQLite (StatsMinute), so graphs survive
// restarts. Retention (deleting old minutes) is the controller's job: core/db/stats-retention.ts.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../core/db/client.ts';
import type { MinuteRollup } from './rollup.ts';

/** 14 parameters a row: 60 rows stay under SQLite's 999-parameter limit. */
const ROWS_PER_STATEMENT = 60;

/** DateTime columns as Prisma stores them in SQLite (ISO 8601 with an explicit offset). */
function sqliteDate(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}

export function createRollupWriter(db: Db) {
  let chain: Promise<unknown> = Promise.resolve();
  const write = async (rows: MinuteRollup[]): Promise<void> => {
    if (rows.length === 0) return;
    // Multi-row upserts in one transaction: a row per active host, location and server
    // each minute; one Prisma upsert per row took seconds for a thousand hosts.
    const statements = [];
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
      const values = chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
      const params = chunk.flatMap((r) => [
        randomUUID(),
        sqliteDate(r.minute),
        r.scope,
        r.key,
        r.requests,
        r.s1xx,
        r.s2xx,
        r.s3xx,
        r.s4xx,
        r.s5xx,
        r.bytesIn,
        r.bytesOut,
        JSON.stringify(r.counters),
        JSON.stringify(r.latency),
      ]);
      statements.push(
        db.$executeRawUnsafe(
          `INSERT INTO StatsMinute (id, minute, scope, key, requests, s1xx, s2xx, s3xx, s4xx, s5xx, bytesIn, bytesOut, counters, latency) VALUES ${values}
           ON CONFLICT(minute, scope, key) DO UPDATE SET requests = excluded.requests, s1xx = excluded.s1xx, s2xx = excluded.s2xx, s3xx = excluded.s3xx,
             s4xx = excluded.s4xx, s5xx = excluded.s5xx, bytesIn = excluded.bytesIn, bytesOut = excluded.bytesOut, counters = excluded.counters, latency = excluded.latency`,
          ...params,
        ),
      );
    }
    await db.$transaction(statements);
  };
  return {
    /** Queued so minutes are written in order; a failed write is reported, never thrown into the engine. */
    onMinute(rows: MinuteRollup[]): void {
      chain = chain.then(() => write(rows)).catch((error: unknown) => process.emitWarning(`stats rollup not written: ${(error as Error).message}`));
    },
    flush: () => chain,
  };
}
