// The Node/V8 flags the engine process runs with, in one place: the supervisor
// (scripts/start.ts) starts the engine with them, and so does the benchmark.

/**
 * V8's semi-space (half of the young generation), in MB, chosen by measurement
 * (docs/benchmarks.md, "Young generation"). V8's default lets it grow to 64 MB: 128 MB
 * of young generation under 256 connections, most of the engine's RSS. Below 8 MB,
 * requests in flight survive scavenges and are promoted: the old generation grows
 * instead and the engine gets slower (4 MB: −21 % requests per CPU-second, more RSS).
 */
export const ENGINE_SEMI_SPACE_MB = 8;

/**
 * Loads build-time stripped modules instead of loading Node's TypeScript stripper into the
 * process (core/stripped-modules/hook.mjs): ≈ 35 MB less RSS for the engine's module graph.
 */
export const STRIPPED_MODULES_FLAGS: readonly string[] = ['--import', new URL('./stripped-modules/hook.mjs', import.meta.url).href];

export const ENGINE_NODE_FLAGS: readonly string[] = [
  ...STRIPPED_MODULES_FLAGS,
  // A pattern that starts to backtrack catastrophically is re-run in linear time.
  '--enable-experimental-regexp-engine-on-excessive-backtracks',
  `--max-semi-space-size=${ENGINE_SEMI_SPACE_MB}`,
];

/**
 * A data-plane worker thread's young generation (its resourceLimits), in MB: V8 sizes
 * it as two semi-spaces plus the new large-object space, three semi-spaces in all.
 */
export const WORKER_YOUNG_GENERATION_MB = 3 * ENGINE_SEMI_SPACE_MB;
