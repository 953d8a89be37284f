// Fixed-size slots in shared memory, open addressing with linear probing and deletion by
// shifting the rest of a probe run back (no tombstones, so a table never fills with dead
// slots): the structure of both shared tables, hash-table.ts (limit zones, the servers'
// cells) and cache-index.ts (cache zones), each with its own slot layout.
//
// What both layouts agree on. The header's first five int32: [lock, occupied slots,
// capacity, max entries, clock hand]; the rest of the header is the table's own. A slot's
// first int32 is 0 while the slot is empty and is written last (with Atomics) on an
// insert and on a move, so a half-done write reads as empty. A slot's `homeWord`-th int32
// is the hash that places it: its probe run starts at that value modulo the capacity.
// Each table writes its own lookup loop (the comparison of keys differs, and a lookup is
// the hot path: no callback per probe).
// A thread stopped mid-shift leaves at worst one entry twice, the copy behind the first
// unreachable until eviction reaches it.
import { lock, unlock } from './mutex.ts';

// Header words.
const LOCK = 0;
export const USED = 1;
const CAPACITY = 2;
export const MAX_ENTRIES = 3;
export const CURSOR = 4;
/** The slot word that is 0 while the slot is empty. */
const OCCUPIED = 0;

export interface SlotLayout {
  /** Both multiples of 8, so that every slot's float64s are aligned. */
  readonly headerBytes: number;
  readonly slotBytes: number;
  /** The slot's int32 (from its start) holding the hash that places it. */
  readonly homeWord: number;
  /** What the table is called in its errors. */
  readonly name: string;
}

/** A quarter of the slots stay empty so that probe runs stay short. */
function capacityFor(maxEntries: number): number {
  return Math.ceil(maxEntries * 1.25) + 1;
}

/** The bytes a table of this layout and this many entries needs. */
export function tableBytes(layout: SlotLayout, maxEntries: number): number {
  return layout.headerBytes + capacityFor(maxEntries) * layout.slotBytes;
}

/** The max entries a table set up at this offset was made for (read from its header). */
export function storedMaxEntries(buffer: SharedArrayBuffer, byteOffset: number): number {
  return new Int32Array(buffer, byteOffset, CURSOR)[MAX_ENTRIES]!;
}

export class OpenAddressedSlots {
  protected readonly words: Int32Array;
  protected readonly floats: Float64Array;
  protected readonly byteView: Uint8Array;
  readonly capacity: number;
  readonly maxEntries: number;
  readonly #headerBytes: number;
  readonly #slotBytes: number;
  readonly #homeWord: number;

  /** `fresh`: the bytes are zeroed and this call sets the table up (the allocating thread). */
  constructor(buffer: SharedArrayBuffer, byteOffset: number, maxEntries: number, fresh: boolean, layout: SlotLayout) {
    if (byteOffset % 8 !== 0) throw new Error(`a ${layout.name} must start on an 8-byte boundary`);
    const capacity = capacityFor(maxEntries);
    const length = layout.headerBytes + capacity * layout.slotBytes;
    this.words = new Int32Array(buffer, byteOffset, length / 4);
    this.floats = new Float64Array(buffer, byteOffset, length / 8);
    this.byteView = new Uint8Array(buffer, byteOffset, length);
    this.capacity = capacity;
    this.maxEntries = maxEntries;
    this.#headerBytes = layout.headerBytes;
    this.#slotBytes = layout.slotBytes;
    this.#homeWord = layout.homeWord;
    if (fresh) {
      this.words[CAPACITY] = capacity;
      this.words[MAX_ENTRIES] = maxEntries;
    } else if (this.words[CAPACITY] !== capacity) {
      throw new Error(`${layout.name} holds ${this.words[CAPACITY]} slots, not ${capacity}`);
    }
  }

  /** Where the table starts in its buffer: distinct per table, the order locks are taken in. */
  get lockOrder(): number {
    return this.words.byteOffset;
  }

  lock(): void {
    lock(this.words, LOCK);
  }

  unlock(): void {
    unlock(this.words, LOCK);
  }

  /** Where the probe run of a key with this hash starts. */
  protected home(hash: number): number {
    return (hash >>> 0) % this.capacity;
  }

  /** The first empty slot from `home` on (the caller knows there is one). */
  protected emptySlotFrom(home: number): number {
    const words = this.words;
    const capacity = this.capacity;
    const slotWords = this.#slotBytes / 4;
    const headerWords = this.#headerBytes / 4;
    let slot = home;
    while (words[headerWords + slot * slotWords + OCCUPIED] !== 0) slot = slot + 1 === capacity ? 0 : slot + 1;
    return slot;
  }

  /** The slot, filled but for its first word, becomes visible with `marker` (not 0) there. */
  protected occupy(slot: number, marker: number): void {
    this.words[USED]!++;
    Atomics.store(this.words, this.#slotWord(slot) + OCCUPIED, marker);
  }

  /** Empties a slot and moves later entries of its probe run back into the gap. */
  protected vacate(slot: number): void {
    const words = this.words;
    const capacity = this.capacity;
    Atomics.store(words, this.#slotWord(slot) + OCCUPIED, 0);
    words[USED]!--;
    let gap = slot;
    let next = slot + 1 === capacity ? 0 : slot + 1;
    while (words[this.#slotWord(next) + OCCUPIED] !== 0) {
      const home = this.home(words[this.#slotWord(next) + this.#homeWord]!);
      // An entry moves back when its home is not between the gap (exclusive) and itself.
      const stays = gap <= next ? gap < home && home <= next : gap < home || home <= next;
      if (!stays) {
        this.#move(next, gap);
        gap = next;
      }
      next = next + 1 === capacity ? 0 : next + 1;
    }
  }

  #move(from: number, to: number): void {
    const start = this.#headerBytes + from * this.#slotBytes;
    // The first word last: the copy becomes visible only once complete.
    this.byteView.copyWithin(this.#headerBytes + to * this.#slotBytes + 4, start + 4, start + this.#slotBytes);
    Atomics.store(this.words, this.#slotWord(to) + OCCUPIED, this.words[this.#slotWord(from) + OCCUPIED]!);
    Atomics.store(this.words, this.#slotWord(from) + OCCUPIED, 0);
  }

  #slotWord(slot: number): number {
    return (this.#headerBytes + slot * this.#slotBytes) / 4;
  }
}
