// Command line: `npm run bench [-- --quick] [--only a,b [--merge]] [--rounds N] [--duration S] [--profile]`.

export interface RunOptions {
  quick: boolean;
  /** Rounds per proxy in every A/B scenario (nginx and Portico alternate). */
  rounds: number;
  /** Measured seconds per round. */
  durationS: number;
  /** Unmeasured seconds of the same load before each proxy's first round (JIT, connection pools). */
  warmupS: number;
  /** Hot applies per proxy. */
  applies: number;
  /** Virtual hosts in the many-hosts scenario's end-to-end part (0: micro benchmark only). */
  endToEndHosts: number;
  /** Scenario names to run (empty: all). */
  only: string[];
  /** With --only: replace those scenarios in latest.json (and docs) instead of writing partial.json. */
  merge: boolean;
  /** Write V8 CPU profiles of the engine (node --cpu-prof) under bench/results/profiles/. */
  profile: boolean;
}

export function parseOptions(argv: readonly string[]): RunOptions {
  const quick = argv.includes('--quick');
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
  };
  const number = (name: string, fallback: number) => {
    const v = value(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} needs a positive number, got "${v}"`);
    return n;
  };
  return {
    quick,
    rounds: number('--rounds', 3),
    durationS: number('--duration', quick ? 1 : 10),
    warmupS: quick ? 1 : 3,
    applies: number('--applies', quick ? 5 : 100),
    endToEndHosts: quick ? 0 : 10_000,
    only: (value('--only') ?? '').split(',').filter(Boolean),
    profile: argv.includes('--profile'),
    merge: argv.includes('--merge'),
  };
}
