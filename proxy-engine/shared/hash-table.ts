// A bounded hash table in shared memory: fixed-size slots, open addressing with linear
// probing and back-shift deletion (open-addressing.ts), one lock per table. Every thread
// that attaches the same bytes sees the same table; every method below except lock()
// expects the caller to hold the lock.
//
// Slot (104 bytes, 8-aligned):
//   int32  hash        0 = empty; written last on insert, so a half-done insert is empty
//   int32  keyLength   bytes stored, or DIGEST_LENGTH for a digested long key
//   int32  count       an integer value (limit_conn's count)
//   int32  (padding)
//   f64    lastUsed    for eviction (ms of the caller's clock)
//   f64    a, b        two numbers (limit_req's excess and last)
//   u8[64] key
import type { EncodedKey } from './key-bytes.ts';
import { holder } from './mutex.ts';
import { CURSOR, OpenAddressedSlots, tableBytes, USED, type SlotLayout } from './open-addressing.ts';

const HEADER_BYTES = 64;
const SLOT_BYTES = 104;
const KEY_OFFSET = 40;
const LAYOUT: SlotLayout = { headerBytes: HEADER_BYTES, slotBytes: SLOT_BYTES, homeWord: 0, name: 'shared table' };
// Header words (the first five are open-addressing.ts's).
const LOCK = 0;
// Slot words.
const HASH = 0;
const KEY_LENGTH = 1;
const INT_VALUE = 2;
// Slot float64 indexes.
const LAST_USED = 2;
const A = 3;
const B = 4;

export class SharedHashTable extends OpenAddressedSlots {
  /** The bytes a table of this many entries needs. */
  static bytesFor(maxEntries: number): number {
    return tableBytes(LAYOUT, maxEntries);
  }

  /** `fresh`: the bytes are zeroed and this call sets the table up (the allocating thread). */
  constructor(buffer: SharedArrayBuffer, byteOffset: number, maxEntries: number, fresh: boolean) {
    super(buffer, byteOffset, maxEntries, fresh, LAYOUT);
  }

  /** The owner id holding the lock, 0 when free (diagnostics, tests). */
  get lockHolder(): number {
    return holder(this.words, LOCK);
  }

  get count(): number {
    return this.words[USED]!;
  }

  get isFull(): boolean {
    return this.words[USED]! >= this.maxEntries;
  }

  /** The slot holding the key, or -1. The probe loop is written out here: it is every limit check's path. */
  find(key: EncodedKey): number {
    const words = this.words;
    const capacity = this.capacity;
    let slot = this.home(key.hash);
    for (let probes = 0; probes < capacity; probes++) {
      const base = slotWord(slot);
      const hash = words[base + HASH]!;
      if (hash === 0) return -1;
      if (hash === key.hash && words[base + KEY_LENGTH] === key.storedLength && this.#sameBytes(slot, key.bytes)) return slot;
      slot = slot + 1 === capacity ? 0 : slot + 1;
    }
    return -1;
  }

  /** Adds a key not in the table; -1 when the table holds maxEntries already. Values start at 0. */
  insert(key: EncodedKey, now: number): number {
    if (this.isFull) return -1;
    const slot = this.emptySlotFrom(this.home(key.hash));
    const base = slotWord(slot);
    this.byteView.set(key.bytes, slot * SLOT_BYTES + HEADER_BYTES + KEY_OFFSET);
    this.words[base + KEY_LENGTH] = key.storedLength;
    this.words[base + INT_VALUE] = 0;
    const f = slotFloat(slot);
    this.floats[f + LAST_USED] = now;
    this.floats[f + A] = 0;
    this.floats[f + B] = 0;
    this.occupy(slot, key.hash);
    return slot;
  }

  /** Empties a slot and moves later entries of its probe run back into the gap. */
  remove(slot: number): void {
    this.vacate(slot);
  }

  /**
   * Visits up to `limit` occupied slots, going on from where the last visit stopped (a
   * clock hand over the table). `visit` returns true to remove the slot it was given.
   * Returns how many were removed.
   */
  sweep(limit: number, visit: (slot: number) => boolean): number {
    const words = this.words;
    const capacity = this.capacity;
    let slot = words[CURSOR]! % capacity;
    let seen = 0;
    let removed = 0;
    for (let steps = 0; steps < capacity && seen < limit; steps++) {
      if (words[slotWord(slot) + HASH] !== 0) {
        seen++;
        if (visit(slot)) {
          this.remove(slot);
          removed++;
          // The shift may have moved the next entry into this slot: look at it again.
          if (words[slotWord(slot) + HASH] !== 0) continue;
        }
      }
      slot = slot + 1 === capacity ? 0 : slot + 1;
    }
    words[CURSOR] = slot;
    return removed;
  }

  /** Removes the least recently used of the next `sample` entries (LRU by sampling). */
  evictOldest(sample: number): void {
    let oldest = -1;
    let oldestAt = Infinity;
    this.sweep(sample, (slot) => {
      const at = this.lastUsed(slot);
      if (at < oldestAt) {
        oldestAt = at;
        oldest = slot;
      }
      return false;
    });
    if (oldest !== -1) this.remove(oldest);
  }

  int(slot: number): number {
    return this.words[slotWord(slot) + INT_VALUE]!;
  }

  setInt(slot: number, value: number): void {
    this.words[slotWord(slot) + INT_VALUE] = value;
  }

  a(slot: number): number {
    return this.floats[slotFloat(slot) + A]!;
  }

  b(slot: number): number {
    return this.floats[slotFloat(slot) + B]!;
  }

  setAB(slot: number, a: number, b: number): void {
    const f = slotFloat(slot);
    this.floats[f + A] = a;
    this.floats[f + B] = b;
  }

  lastUsed(slot: number): number {
    return this.floats[slotFloat(slot) + LAST_USED]!;
  }

  touch(slot: number, now: number): void {
    this.floats[slotFloat(slot) + LAST_USED] = now;
  }

  #sameBytes(slot: number, key: Uint8Array): boolean {
    const bytes = this.byteView;
    const start = slot * SLOT_BYTES + HEADER_BYTES + KEY_OFFSET;
    for (let i = 0; i < key.length; i++) if (bytes[start + i] !== key[i]) return false;
    return true;
  }

}

function slotWord(slot: number): number {
  return (HEADER_BYTES + slot * SLOT_BYTES) / 4;
}

function slotFloat(slot: number): number {
  return (HEADER_BYTES + slot * SLOT_BYTES) / 8;
}

