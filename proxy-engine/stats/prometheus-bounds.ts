// The `le` bounds /metrics exposes latencies at: the totals since start are kept at
// these bounds only (bounded-latency.ts), so changing them changes what is counted.

/** Upper bounds of the exposed latency buckets, in seconds. */
export const LE_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] as const;
export const LE_MS: readonly number[] = LE_SECONDS.map((s) => s * 1000);
