import { describe, expect, it } from 'vitest';
import { FillLocks } from './lock.ts';

describe('FillLocks', () => {
  it('one holder; waiters wake on release', async () => {
    const locks = new FillLocks();
    expect(locks.tryAcquire('k')).toBe(true);
    expect(locks.tryAcquire('k')).toBe(false);
    const waiting = Promise.all([locks.wait('k', 1000), locks.wait('k', 1000)]);
    locks.release('k');
    expect(await waiting).toEqual([true, true]);
    expect(locks.tryAcquire('k')).toBe(true);
  });
  it('a waiter gives up after its timeout', async () => {
    const locks = new FillLocks();
    locks.tryAcquire('k');
    expect(await locks.wait('k', 20)).toBe(false);
    expect(locks.isHeld('k')).toBe(true);
  });
  it('nothing held: no wait', async () => expect(await new FillLocks().wait('k', 1000)).toBe(true));
});
