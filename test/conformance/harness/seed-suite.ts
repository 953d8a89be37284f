// The body of the seed test files (split in two so each stays a few seconds long).
import { expect } from 'vitest';
import { describeCases } from './case-suite.ts';
import { seedCases } from './seed-cases.ts';

export function describeSeeds(title: string, include: (fixture: string) => boolean): void {
  describeCases(title, seedCases(include), {
    // Guards the comparison: an example that answers nothing but errors proves little.
    check: (seen) => expect(seen.some((o) => o.status === 200 || o.status === 101), `nginx answered ${seen.map((o) => o.status).join(' ')}`).toBe(true),
  });
}
