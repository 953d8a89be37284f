// A mutex in one Int32 word of shared memory, for critical sections a few hundred
// nanoseconds long. The word holds 0 when free, otherwise the owner's id (thread id + 1)
// with the top bit set once someone sleeps on it, so an uncontended unlock is one
// compareExchange and no notify.
//
// Why a dead owner cannot wedge it: worker.terminate() stops JavaScript at its next
// interrupt check (a function entry or a loop back-edge), which can be inside a critical
// section. The thread that owns the Worker sees its 'exit' and calls releaseOwner(), which
// frees every lock word the dead thread held (see shared-state.ts detachThread); the
// structures behind the locks are written so that an interrupted update leaves at worst
// one entry stale (hash-table.ts), never a broken table.
import { threadId } from 'node:worker_threads';

const WAITING = 0x40000000;
// Short sections: spin briefly before sleeping, sleeping costs microseconds.
const SPINS = 64;
// A sleeper re-checks now and then, so a lock freed by releaseOwner() without a notify
// (or a lost wake-up) costs at most this long.
const WAIT_MS = 50;

/** This thread's owner id: never 0, distinct between live threads of the process. */
export const OWNER_ID = threadId + 1;

export function lock(words: Int32Array, index: number): void {
  if (Atomics.compareExchange(words, index, 0, OWNER_ID) === 0) return;
  lockSlow(words, index);
}

function lockSlow(words: Int32Array, index: number): void {
  for (let i = 0; i < SPINS; i++) {
    if (Atomics.load(words, index) === 0 && Atomics.compareExchange(words, index, 0, OWNER_ID) === 0) return;
  }
  for (;;) {
    const seen = Atomics.load(words, index);
    if (seen === 0) {
      // Taken after sleeping: mark it contended, others may still be asleep.
      if (Atomics.compareExchange(words, index, 0, OWNER_ID | WAITING) === 0) return;
      continue;
    }
    if ((seen & WAITING) === 0 && Atomics.compareExchange(words, index, seen, seen | WAITING) !== seen) continue;
    Atomics.wait(words, index, seen | WAITING, WAIT_MS);
  }
}

export function unlock(words: Int32Array, index: number): void {
  if (Atomics.compareExchange(words, index, OWNER_ID, 0) === OWNER_ID) return;
  Atomics.store(words, index, 0);
  Atomics.notify(words, index, 1);
}

/** Frees the lock if `owner` (a dead thread's id) holds it; true when it did. */
export function releaseOwner(words: Int32Array, index: number, owner: number): boolean {
  const seen = Atomics.load(words, index);
  if ((seen & ~WAITING) !== owner) return false;
  if (Atomics.compareExchange(words, index, seen, 0) !== seen) return false;
  Atomics.notify(words, index);
  return true;
}

/** The owner id holding the lock, 0 when free (for tests and diagnostics). */
export function holder(words: Int32Array, index: number): number {
  return Atomics.load(words, index) & ~WAITING;
}
