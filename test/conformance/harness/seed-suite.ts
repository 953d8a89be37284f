// The body of the seed test files (split in two so each stays a few seconds long).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCase } from './pair.ts';
import { startPortico, type PorticoUnderTest } from './portico.ts';
import { seedCases } from './seed-cases.ts';

/** Examples where Portico differs today; their cases are in pending-seeds.md. */
const PENDING = new Set<string>();

export function describeSeeds(title: string, include: (fixture: string) => boolean): void {
  const cases = seedCases((name) => include(name) && !PENDING.has(name));
  describe(title, () => {
    let portico: PorticoUnderTest;
    beforeAll(async () => {
      portico = await startPortico();
    });
    afterAll(async () => {
      await portico?.stop();
    });

    it.each(cases)('$desc', async (c) => {
      const seen = await runCase(portico, c);
      // Guards the comparison: an example that answers nothing but errors proves little.
      expect(seen.some((o) => o.status === 200 || o.status === 101), `nginx answered ${seen.map((o) => o.status).join(' ')}`).toBe(true);
    });
  });
}
