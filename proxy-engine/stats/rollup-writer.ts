// Writes each finished minute's rollups to the database (StatsMinute), so graphs survive
// restarts. Each row carries this instance's node name: engines sharing one database keep a
// row each for the same minute, and history sums them. Retention (deleting old minutes) is the controller's job: core/db/stats-retention.ts.
import { randomUUID } from 'node:crypto';
import { isPostgres, type Db } from '../../core/db/client.ts';
import { dateParam, statsMinuteUpsert } from '../../core/db/stats-sql.ts';
import type { MinuteRollup } from './rollup.ts';

/** 15 parameters a row: 60 rows stay under SQLite's 999-parameter limit. */
const ROWS_PER_STATEMENT = 60;

/** `node`: this instance's name (core/env.ts nodeName). */
export function createRollupWriter(db: Db, node: string) {
  const dialect = isPostgres(db) ? 'postgresql' : 'sqlite';
  let chain: Promise<unknown> = Promise.resolve();
  const write = async (rows: MinuteRollup[]): Promise<void> => {
    if (rows.length === 0) return;
    // Multi-row upserts in one transaction: a row per active host, location and server
    // each minute; one Prisma upsert per row took seconds for a thousand hosts.
    const statements = [];
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
      const params = chunk.flatMap((r) => [
        randomUUID(),
        dateParam(dialect, r.minute),
        r.scope,
        r.key,
        node,
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
          statsMinuteUpsert(dialect, chunk.length),
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
