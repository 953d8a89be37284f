// What a scenario gets and gives back. Results keep ARCHITECTURE.md's shape
// ({ portico: { rps, p50Ms, p99Ms, rssMb }, nginx: {…}, ratio }) and add what the report
// needs: the rounds, whether the scenario could run at all, and the target.
import type { RunOptions } from '../lib/options.ts';
import type { Side } from '../lib/measure.ts';
import type { Testbed } from '../lib/testbed.ts';

export interface ScenarioContext {
  tb: Testbed;
  options: RunOptions;
  log(line: string): void;
}

export interface TargetCheck {
  /** The target in words ("≥ 0.30× nginx"). */
  text: string;
  /** null when the scenario could not measure it. */
  met: boolean | null;
}

export interface ScenarioResult {
  portico: Side | null;
  nginx: Side | null;
  /** Portico rps / nginx rps, unless `ratioOf` says what else it compares. */
  ratio: number | null;
  ratioOf?: string;
  status: 'measured' | 'not available yet' | 'skipped' | 'failed';
  /** Why the scenario did not run (never a made-up number instead). */
  reason?: string;
  target?: TargetCheck;
  /** Scenario-specific figures (compile time, apply latency, ...). */
  detail?: Record<string, unknown>;
  /** When the scenario ran (set by run.ts; a --merge run keeps other scenarios' older results). */
  measuredAt?: string;
}

export interface Scenario {
  name: string;
  title: string;
  run(ctx: ScenarioContext): Promise<ScenarioResult>;
}

export function notAvailable(reason: string, target?: string): ScenarioResult {
  return { portico: null, nginx: null, ratio: null, status: 'not available yet', reason, target: target ? { text: target, met: null } : undefined };
}
