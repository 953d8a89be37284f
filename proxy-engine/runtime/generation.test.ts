import { afterEach, describe, expect, it, vi } from 'vitest';
import { RuntimeGeneration } from './generation.ts';

afterEach(() => vi.useRealTimers());

describe('RuntimeGeneration', () => {
  const cases = [
    { desc: 'nobody holds it: released at once', holds: 0, releases: 0, advanceMs: 0, released: 1 },
    { desc: 'a request holds it: not yet', holds: 1, releases: 0, advanceMs: 0, released: 0 },
    { desc: 'the last request ends: released', holds: 2, releases: 2, advanceMs: 0, released: 1 },
    { desc: 'one of two requests ends: not yet', holds: 2, releases: 1, advanceMs: 0, released: 0 },
    { desc: 'a request outlives the bound: released at the bound', holds: 1, releases: 0, advanceMs: 1000, released: 1 },
    { desc: 'released by the last request, then the bound passes: once', holds: 1, releases: 1, advanceMs: 1000, released: 1 },
  ];
  it.each(cases)('$desc', ({ holds, releases, advanceMs, released }) => {
    vi.useFakeTimers();
    const generation = new RuntimeGeneration();
    for (let i = 0; i < holds; i++) generation.hold();
    let count = 0;
    generation.retire(1000, () => count++);
    for (let i = 0; i < releases; i++) generation.release();
    vi.advanceTimersByTime(advanceMs);
    expect(count).toBe(released);
  });

  it('runs the release once even when retired twice', () => {
    const generation = new RuntimeGeneration();
    let count = 0;
    generation.retire(1000, () => count++);
    generation.retire(1000, () => count++);
    generation.hold();
    generation.release();
    expect(count).toBe(1);
  });
});
