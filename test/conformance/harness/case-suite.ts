// The bodies the conformance files share: one Portico for a describe block (usePortico),
// one pair running a fixed configuration (usePair), a test per case through both proxies
// (itCases), and the usual block of just that (describeCases).
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Observation, ObservationOptions } from './normalise.ts';
import { runCase, startPair, type Case, type Pair } from './pair.ts';
import { startPortico, type ApplyOptions, type PorticoUnderTest } from './portico.ts';
import type { UpstreamSpec } from './upstreams.ts';

/** One Portico for the enclosing block; `cleanup` runs after it stopped (removes the file's fixtures). */
export function usePortico(cleanup?: () => void): () => PorticoUnderTest {
  let portico: PorticoUnderTest | undefined;
  beforeAll(async () => {
    portico = await startPortico();
  });
  afterAll(async () => {
    try {
      await portico?.stop();
    } finally {
      cleanup?.();
    }
  });
  return () => portico!;
}

/** One Portico and nginx running `config` for the enclosing block, against the same upstreams. */
export function usePair(config: string, spec: UpstreamSpec, options?: ApplyOptions & ObservationOptions): () => Pair {
  const portico = usePortico();
  let pair: Pair | undefined;
  beforeAll(async () => {
    pair = await startPair(portico(), config, spec, options);
  });
  afterAll(async () => {
    await pair?.close();
  });
  return () => pair!;
}

export interface CaseOptions {
  /** Per case (vitest's default otherwise). */
  timeoutMs?: number;
  /** More checks on nginx's observations of each case, after the comparison. */
  check?: (seenByNginx: Observation[]) => void;
}

/** One test per case: every probe through both proxies (runCase). */
export function itCases(portico: () => PorticoUnderTest, cases: readonly Case[], options: CaseOptions = {}): void {
  it.each(cases)('$desc', async (c) => {
    const seen = await runCase(portico(), c);
    options.check?.(seen);
  }, options.timeoutMs);
}

export interface CaseSuiteOptions extends CaseOptions {
  /** Runs after Portico stopped: removes what the file wrote (roots, cache directories). */
  cleanup?: () => void;
  /** Skips the block (tools the cases need are missing). */
  skip?: boolean;
}

/** A block with one Portico and one test per case. */
export function describeCases(title: string, cases: readonly Case[], options: CaseSuiteOptions = {}): void {
  describe.skipIf(options.skip ?? false)(title, () => {
    itCases(usePortico(options.cleanup), cases, options);
  });
}
