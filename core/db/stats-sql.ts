// The two raw statements on StatsMinute (Prisma has no multi-row upsert nor JSON sums), in
// each database's dialect: SQLite takes ? placeholders, bare names and DateTime as the text
// Prisma stores there; PostgreSQL takes $n placeholders, quoted mixed-case names, real
// timestamps and jsonb.
export type Dialect = 'sqlite' | 'postgresql';

const COLUMNS = ['id', 'minute', 'scope', 'key', 'node', 'requests', 's1xx', 's2xx', 's3xx', 's4xx', 's5xx', 'bytesIn', 'bytesOut', 'counters', 'latency'] as const;
/** A row is one node's minute: (minute, scope, key, node) is unique, the counts are replaced. */
const UPDATED = COLUMNS.slice(5);

/** A DateTime parameter as the dialect's statement expects it. */
export function dateParam(dialect: Dialect, date: Date): string {
  // SQLite: ISO 8601 with an explicit offset, as Prisma writes it. PostgreSQL: UTC without a
  // zone, as Prisma keeps timestamp(3) columns.
  return dialect === 'sqlite' ? date.toISOString().replace('Z', '+00:00') : date.toISOString().replace('T', ' ').replace('Z', '');
}

/** INSERT … ON CONFLICT for `rows` rows of the 15 columns above, in that order. */
export function statsMinuteUpsert(dialect: Dialect, rows: number): string {
  if (dialect === 'sqlite') {
    const values = Array.from({ length: rows }, () => `(${COLUMNS.map(() => '?').join(', ')})`).join(', ');
    return `INSERT INTO StatsMinute (${COLUMNS.join(', ')}) VALUES ${values}
           ON CONFLICT(minute, scope, key, node) DO UPDATE SET ${UPDATED.map((c) => `${c} = excluded.${c}`).join(', ')}`;
  }
  const cast = (column: string, n: number) => {
    if (column === 'minute') return `CAST($${n} AS timestamp(3))`;
    if (column === 'counters' || column === 'latency') return `CAST($${n} AS jsonb)`;
    if (column === 'bytesIn' || column === 'bytesOut') return `CAST($${n} AS bigint)`;
    if (column === 'id' || column === 'scope' || column === 'key' || column === 'node') return `$${n}`;
    return `CAST($${n} AS integer)`;
  };
  const values = Array.from({ length: rows }, (_, r) => `(${COLUMNS.map((c, i) => cast(c, r * COLUMNS.length + i + 1)).join(', ')})`).join(', ');
  return `INSERT INTO "StatsMinute" (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${values}
          ON CONFLICT ("minute", "scope", "key", "node") DO UPDATE SET ${UPDATED.map((c) => `"${c}" = excluded."${c}"`).join(', ')}`;
}

/**
 * The busiest hosts of a range, summed over every node (or over one): parameters from, to
 * (dateParam), the node's name when `oneNode`, then the limit.
 */
export function topHostsQuery(dialect: Dialect, oneNode = false): string {
  if (dialect === 'sqlite') {
    return `SELECT key, SUM(requests) AS requests, SUM(s4xx) AS s4xx, SUM(s5xx) AS s5xx,
            SUM(COALESCE(json_extract(counters, '$.rateLimited'), 0) + COALESCE(json_extract(counters, '$.connLimited'), 0)) AS limited,
            SUM(COALESCE(json_extract(counters, '$.limitedStatus.4xx'), 0)) AS limited4xx,
            SUM(COALESCE(json_extract(counters, '$.limitedStatus.5xx'), 0)) AS limited5xx
       FROM StatsMinute WHERE scope = 'host' AND minute >= ? AND minute < ?${oneNode ? ' AND node = ?' : ''}
      GROUP BY key ORDER BY SUM(requests) DESC, key ASC LIMIT ?`;
  }
  // Sums as float8: the driver hands numeric (what SUM(bigint) gives) back as text.
  return `SELECT "key", SUM("requests")::float8 AS requests, SUM("s4xx")::float8 AS s4xx, SUM("s5xx")::float8 AS s5xx,
            SUM(COALESCE(("counters"->>'rateLimited')::float8, 0) + COALESCE(("counters"->>'connLimited')::float8, 0)) AS limited,
            SUM(COALESCE(("counters"->'limitedStatus'->>'4xx')::float8, 0)) AS limited4xx,
            SUM(COALESCE(("counters"->'limitedStatus'->>'5xx')::float8, 0)) AS limited5xx
       FROM "StatsMinute" WHERE "scope" = 'host' AND "minute" >= CAST($1 AS timestamp(3)) AND "minute" < CAST($2 AS timestamp(3))${oneNode ? ' AND "node" = $3' : ''}
      GROUP BY "key" ORDER BY SUM("requests") DESC, "key" ASC LIMIT CAST($${oneNode ? 4 : 3} AS integer)`;
}
