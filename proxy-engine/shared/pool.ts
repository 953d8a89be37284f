// The engine's shared memory: one SharedArrayBuffer allocated once at startup (its size
// a setting, as nginx sizes its zones when it loads a configuration), from which zones
// are carved by identity when a configuration is applied. Any thread may carve or attach
// under the pool's lock; a segment lives while some thread holds it, and a thread that
// dies has its holds dropped by whoever owned its Worker (releaseThread).
//
// Layout (int32 words):
//   header      [lock, high water (bytes ever carved up to), -, -]
//   directory   DIRECTORY_SIZE entries of ENTRY_WORDS: used, offset, bytes, identity hash,
//               identity length, identity bytes (64)
//   holders     HOLDER_ROWS rows of [owner id, directory index + 1]
//   data        segments, 8-aligned
import { encodeKey, KEY_CAPACITY } from './key-bytes.ts';
import { lock, OWNER_ID, releaseOwner, unlock } from './mutex.ts';

const DIRECTORY_SIZE = 256;
const ENTRY_WORDS = 5 + KEY_CAPACITY / 4;
const HOLDER_ROWS = 4096;
const HEADER_WORDS = 4;
const DIRECTORY_START = HEADER_WORDS;
const HOLDERS_START = DIRECTORY_START + DIRECTORY_SIZE * ENTRY_WORDS;
const DATA_START_BYTES = align8((HOLDERS_START + HOLDER_ROWS * 2) * 4);
const LOCK = 0;
const HIGH_WATER = 1;
// Entry words.
const USED = 0;
const OFFSET = 1;
const BYTES = 2;
const ID_HASH = 3;
const ID_LENGTH = 4;
const ID_BYTES = 5;

/** A zone's place in the pool. `fresh`: this call carved it (zeroed), the caller sets it up. */
export interface Segment {
  readonly index: number;
  readonly byteOffset: number;
  readonly bytes: number;
  readonly fresh: boolean;
}

export class PoolFullError extends Error {}

export class SharedPool {
  /** A pool of `bytes` usable bytes (plus its fixed directory). */
  static allocate(bytes: number): SharedArrayBuffer {
    return new SharedArrayBuffer(DATA_START_BYTES + align8(bytes));
  }

  readonly buffer: SharedArrayBuffer;
  readonly #words: Int32Array;
  readonly #bytes: Uint8Array;

  constructor(buffer: SharedArrayBuffer) {
    this.buffer = buffer;
    this.#words = new Int32Array(buffer);
    this.#bytes = new Uint8Array(buffer);
  }

  get capacityBytes(): number {
    return this.buffer.byteLength - DATA_START_BYTES;
  }

  /**
   * The segment of the zone with this identity (kind, name, size, key: whatever makes
   * two configurations the same zone), carved if no thread holds one yet. Every call
   * is a hold, undone by release(). `setUp` runs on a fresh segment before any other
   * thread can attach it. Throws PoolFullError when the pool has no room left.
   */
  acquire(identity: string, bytes: number, setUp: (segment: Segment) => void): Segment {
    bytes = align8(bytes);
    lock(this.#words, LOCK);
    try {
      const id = encodeKey(identity);
      let index = this.#find(id.hash, id.storedLength, id.bytes);
      let fresh = false;
      if (index === -1) {
        index = this.#carve(bytes);
        const base = entryWord(index);
        this.#words[base + ID_HASH] = id.hash;
        this.#words[base + ID_LENGTH] = id.storedLength;
        this.#bytes.set(id.bytes, (base + ID_BYTES) * 4);
        fresh = true;
      }
      const base = entryWord(index);
      const segment = { index, byteOffset: this.#words[base + OFFSET]!, bytes: this.#words[base + BYTES]!, fresh };
      if (fresh) {
        // Memory never carved is still zero: clearing it would only make it resident.
        const end = segment.byteOffset + segment.bytes;
        const highWater = Math.max(this.#words[HIGH_WATER]!, DATA_START_BYTES);
        if (segment.byteOffset < highWater) this.#bytes.fill(0, segment.byteOffset, Math.min(end, highWater));
        if (end > highWater) this.#words[HIGH_WATER] = end;
        setUp(segment);
        this.#words[base + USED] = 1;
      }
      this.#addHolder(index);
      return segment;
    } finally {
      unlock(this.#words, LOCK);
    }
  }

  /** Drops one hold of this thread; the segment is free once nobody holds it. */
  release(segment: Segment): void {
    lock(this.#words, LOCK);
    try {
      const words = this.#words;
      for (let row = 0; row < HOLDER_ROWS; row++) {
        const at = HOLDERS_START + row * 2;
        if (words[at] === OWNER_ID && words[at + 1] === segment.index + 1) {
          words[at] = 0;
          words[at + 1] = 0;
          break;
        }
      }
      this.#freeIfUnheld(segment.index);
    } finally {
      unlock(this.#words, LOCK);
    }
  }

  /**
   * A thread is gone (its Worker emitted 'exit'): free every lock it held, here and in
   * each segment (a zone's lock is its first word), and drop its holds.
   */
  releaseThread(owner: number): void {
    const words = this.#words;
    releaseOwner(words, LOCK, owner);
    lock(words, LOCK);
    try {
      for (let index = 0; index < DIRECTORY_SIZE; index++) {
        const base = entryWord(index);
        if (words[base + USED] === 1) releaseOwner(words, words[base + OFFSET]! / 4, owner);
      }
      for (let row = 0; row < HOLDER_ROWS; row++) {
        const at = HOLDERS_START + row * 2;
        if (words[at] !== owner) continue;
        const index = words[at + 1]! - 1;
        words[at] = 0;
        words[at + 1] = 0;
        this.#freeIfUnheld(index);
      }
    } finally {
      unlock(words, LOCK);
    }
  }

  /** Bytes held by live segments (for status and tests). */
  usedBytes(): number {
    let used = 0;
    for (let index = 0; index < DIRECTORY_SIZE; index++) {
      const base = entryWord(index);
      if (Atomics.load(this.#words, base + USED) === 1) used += this.#words[base + BYTES]!;
    }
    return used;
  }

  #find(hash: number, length: number, bytes: Uint8Array): number {
    const words = this.#words;
    for (let index = 0; index < DIRECTORY_SIZE; index++) {
      const base = entryWord(index);
      if (words[base + USED] !== 1 || words[base + ID_HASH] !== hash || words[base + ID_LENGTH] !== length) continue;
      const start = (base + ID_BYTES) * 4;
      let same = true;
      for (let i = 0; i < bytes.length && same; i++) same = this.#bytes[start + i] === bytes[i];
      if (same) return index;
    }
    return -1;
  }

  /** First fit between the live segments; reserves the directory entry it returns. */
  #carve(bytes: number): number {
    const words = this.#words;
    const live: Array<[number, number]> = [];
    let freeEntry = -1;
    for (let index = 0; index < DIRECTORY_SIZE; index++) {
      const base = entryWord(index);
      if (words[base + USED] === 1) live.push([words[base + OFFSET]!, words[base + BYTES]!]);
      else if (freeEntry === -1) freeEntry = index;
    }
    if (freeEntry === -1) throw new PoolFullError(`the shared memory holds ${DIRECTORY_SIZE} zones already`);
    live.sort((x, y) => x[0] - y[0]);
    let start = DATA_START_BYTES;
    for (const [offset, length] of live) {
      if (offset - start >= bytes) break;
      start = offset + length;
    }
    if (this.buffer.byteLength - start < bytes) {
      throw new PoolFullError(`needs ${formatBytes(bytes)} of shared memory; ${formatBytes(this.capacityBytes - this.usedBytes())} of ${formatBytes(this.capacityBytes)} free (PORTICO_SHARED_MEMORY)`);
    }
    const base = entryWord(freeEntry);
    words[base + OFFSET] = start;
    words[base + BYTES] = bytes;
    return freeEntry;
  }

  #addHolder(index: number): void {
    const words = this.#words;
    for (let row = 0; row < HOLDER_ROWS; row++) {
      const at = HOLDERS_START + row * 2;
      if (words[at] !== 0) continue;
      words[at] = OWNER_ID;
      words[at + 1] = index + 1;
      return;
    }
    throw new PoolFullError(`more than ${HOLDER_ROWS} zone attachments`);
  }

  #freeIfUnheld(index: number): void {
    const words = this.#words;
    for (let row = 0; row < HOLDER_ROWS; row++) if (words[HOLDERS_START + row * 2 + 1] === index + 1) return;
    words[entryWord(index) + USED] = 0;
  }
}

function entryWord(index: number): number {
  return DIRECTORY_START + index * ENTRY_WORDS;
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

function formatBytes(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`;
}
