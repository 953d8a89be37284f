// A cache zone's index in shared memory (nginx's keys_zone): one per zone for every
// engine worker, so an entry one worker filled is a hit on the others, one fill per key
// runs across workers, and max_size, eviction, purge and the zone's figures count every
// entry whichever worker filled it. The bodies and the entries' meta (headers, key, URL)
// stay in the zone's files on disk, one directory for the whole engine; a worker reads an
// entry's meta from its file the first time it serves it (proxy-engine/cache/shared-zone.ts).
//
// Slots are fixed size, open addressing with linear probing and back-shift deletion
// (open-addressing.ts, as hash-table.ts), under one lock per zone (its first word, freed by releaseSharedThread
// when a thread dies inside it). A slot is found by the entry's MD5 (its file name) and is
// one of three kinds, as nginx's keys_zone nodes:
//   NODE   a key requested but not stored (proxy_cache_min_uses counts, the fill lock)
//   ENTRY  a stored entry: its file's size, validity, inode, version, last use
//   VARY   a base key whose responses vary: the Vary header names, for variant lookups
//
// Header: int32 [lock, used slots, capacity, max entries, clock hand, entries, loader
// state, version counter, 7 status counters]; f64 at byte 64: bytes of the entries' files,
// at 72: the last use stamp given.
// Slot (SLOT_BYTES): int32 [kind, md5 ×4, version, uses, filler, vary length, URL hash,
// writer, -], f64 [file size, valid until, stored at, last use, updating since, inode, fill
// started], vary names (VARY_CAPACITY bytes).
import { OWNER_ID } from './mutex.ts';
import { CURSOR, MAX_ENTRIES, OpenAddressedSlots, storedMaxEntries, tableBytes, USED, type SlotLayout } from './open-addressing.ts';

const HEADER_BYTES = 128;
const VARY_CAPACITY = 128;
const SLOT_BYTES = 112 + VARY_CAPACITY;
// Header words (the first five are open-addressing.ts's).
const LOCK = 0;
const ENTRIES = 5;
const LOADER = 6;
const VERSIONS = 7;
const STATUS_BASE = 8;
const BYTES_F64 = 8;
const LAST_STAMP_F64 = 9;
// Slot words.
const KIND = 0;
const MD5 = 1;
const VERSION = 5;
const USES = 6;
const FILLER = 7;
const VARY_LENGTH = 8;
const URL_HASH = 9;
/** The thread whose file for this entry is not in place yet (inode 0). */
const WRITER = 10;
// Slot float64 indexes (from the slot's start).
const FILE_SIZE = 6;
const VALID_UNTIL = 7;
const STORED_AT = 8;
const LAST_USE = 9;
const UPDATING_SINCE = 10;
const INODE = 11;
const FILL_SINCE = 12;
const VARY_OFFSET = 104;
/** A slot is placed by the first word of its MD5. */
const LAYOUT: SlotLayout = { headerBytes: HEADER_BYTES, slotBytes: SLOT_BYTES, homeWord: MD5, name: 'shared cache index' };

export const SlotKind = { Empty: 0, Node: 1, Entry: 2, Vary: 3 } as const;

/** The cache statuses counted per zone, in header order. */
export const STATUS_NAMES = ['HIT', 'MISS', 'EXPIRED', 'STALE', 'UPDATING', 'REVALIDATED', 'BYPASS'] as const;

export interface SharedEntryView {
  version: number;
  fileSize: number;
  validUntil: number;
  storedAt: number;
  updatingSince: number;
  inode: number;
  lastUse: number;
}

export interface PublishedEntry {
  fileSize: number;
  validUntil: number;
  storedAt: number;
  inode: number;
  urlHash: number;
}

export interface IndexLimits {
  maxBytes: number;
  maxEntries: number;
}

/** What a lookup found under one hash. */
export type IndexLookup = { kind: 'none' } | { kind: 'inactive' } | { kind: 'vary'; names: string[] } | ({ kind: 'entry' } & SharedEntryView);

const NONE: IndexLookup = { kind: 'none' };
const INACTIVE: IndexLookup = { kind: 'inactive' };
/** An entry whose file is not in place this long after its fill ended is dropped. */
const ABANDONED_FILE_MS = 60_000;
/** Slots looked at to pick the least recently used one to evict (LRU by sampling). */
const SAMPLE = 16;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** FNV-1a of a URL: purge by URL looks only at entries whose URL hashes the same. */
export function urlHash(url: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < url.length; i++) {
    h ^= url.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

export class SharedCacheIndex extends OpenAddressedSlots {
  static bytesFor(maxEntries: number): number {
    return tableBytes(LAYOUT, maxEntries);
  }

  /** Files to remove after the lock is let go (evicted or inactive entries). */
  readonly #victims: string[] = [];
  readonly #scratch = new Int32Array(4);

  /**
   * `fresh`: the bytes are zeroed and this call sets the index up for `maxEntries`;
   * otherwise the index already there is attached, whatever size it was made with (a
   * changed keys_zone size applies when the engine restarts, as all threads must agree).
   */
  constructor(buffer: SharedArrayBuffer, byteOffset: number, maxEntries: number, fresh: boolean) {
    super(buffer, byteOffset, fresh ? maxEntries : storedMaxEntries(buffer, byteOffset), fresh, LAYOUT);
  }

  // ---- the cache loader: the first thread to claim it indexes the files on disk ----

  /** True for the one thread that is to index the zone's files (the others serve meanwhile). */
  claimLoad(): boolean {
    return Atomics.compareExchange(this.words, LOADER, 0, 1) === 0;
  }

  loadDone(): void {
    Atomics.store(this.words, LOADER, 2);
  }

  get loading(): boolean {
    return Atomics.load(this.words, LOADER) !== 2;
  }

  // ---- figures ----

  get entries(): number {
    return Atomics.load(this.words, ENTRIES);
  }

  get bytes(): number {
    return this.floats[BYTES_F64]!;
  }

  /** The thread holding the zone's lock, 0 when free (tests). */
  get lockHolder(): number {
    return Atomics.load(this.words, LOCK) & 0x3fffffff;
  }

  record(status: string): void {
    const at = STATUS_NAMES.indexOf(status as (typeof STATUS_NAMES)[number]);
    if (at >= 0) Atomics.add(this.words, STATUS_BASE + at, 1);
  }

  statuses(): Record<(typeof STATUS_NAMES)[number], number> {
    const out = {} as Record<(typeof STATUS_NAMES)[number], number>;
    // Unsigned: a counter wraps after 4 billion requests, not at 2 billion.
    STATUS_NAMES.forEach((name, i) => (out[name] = Atomics.load(this.words, STATUS_BASE + i) >>> 0));
    return out;
  }

  // ---- lookups ----

  /** The slot under `hash`: an entry (touched as used now), a base key's Vary names, or nothing. */
  lookup(hash: string, now: number, inactiveMs: number): IndexLookup {
    this.lock();
    try {
      const slot = this.#find(hash);
      if (slot < 0) return NONE;
      const kind = this.#kind(slot);
      if (kind === SlotKind.Node) return NONE;
      const f = slotFloat(slot);
      if (this.floats[f + LAST_USE]! + inactiveMs <= now) {
        if (kind === SlotKind.Entry) this.#victims.push(hash);
        this.#remove(slot);
        return INACTIVE;
      }
      this.floats[f + LAST_USE] = this.#stamp(now);
      if (kind === SlotKind.Vary) return { kind: 'vary', names: this.#varyNames(slot) };
      return { kind: 'entry', ...this.#view(slot) };
    } finally {
      this.unlock();
    }
  }

  /** The entry's version now (-1: none), without counting a use. */
  versionOf(hash: string): number {
    this.lock();
    try {
      const slot = this.#find(hash);
      return slot >= 0 && this.#kind(slot) === SlotKind.Entry ? this.words[slotWord(slot) + VERSION]! : -1;
    } finally {
      this.unlock();
    }
  }

  /** Every stored entry's hash, version and URL hash (purge, the manager's checks). */
  list(): { hash: string; version: number; urlHash: number }[] {
    const out: { hash: string; version: number; urlHash: number }[] = [];
    this.lock();
    try {
      for (let slot = 0; slot < this.capacity; slot++) {
        if (this.#kind(slot) !== SlotKind.Entry) continue;
        const w = slotWord(slot);
        out.push({ hash: this.#hashOf(slot), version: this.words[w + VERSION]!, urlHash: this.words[w + URL_HASH]! });
      }
    } finally {
      this.unlock();
    }
    return out;
  }

  // ---- proxy_cache_min_uses and the fill lock (kept in the key's node, as nginx) ----

  /** Counts one more request for a key not stored; returns the count. */
  countUse(hash: string, now: number): number {
    this.lock();
    try {
      let slot = this.#find(hash);
      if (slot < 0) slot = this.#insert(hash, SlotKind.Node, now);
      if (slot < 0) return 1;
      this.floats[slotFloat(slot) + LAST_USE] = this.#stamp(now);
      return ++this.words[slotWord(slot) + USES]!;
    } finally {
      this.unlock();
    }
  }

  /** Takes the fill lock of `hash` for this thread; false when another thread holds it. */
  tryLockFill(hash: string, now: number): boolean {
    this.lock();
    try {
      let slot = this.#find(hash);
      if (slot < 0) slot = this.#insert(hash, SlotKind.Node, now);
      // No room even after eviction: fill without the lock rather than not at all.
      if (slot < 0) return true;
      const w = slotWord(slot);
      const filler = this.words[w + FILLER]!;
      if (filler !== 0 && filler !== OWNER_ID) return false;
      this.words[w + FILLER] = OWNER_ID;
      this.floats[slotFloat(slot) + FILL_SINCE] = now;
      return true;
    } finally {
      this.unlock();
    }
  }

  /** True while some thread fills `hash`. */
  fillLocked(hash: string): boolean {
    this.lock();
    try {
      const slot = this.#find(hash);
      return slot >= 0 && this.words[slotWord(slot) + FILLER] !== 0;
    } finally {
      this.unlock();
    }
  }

  unlockFill(hash: string): void {
    this.lock();
    try {
      const slot = this.#find(hash);
      if (slot >= 0 && this.words[slotWord(slot) + FILLER] === OWNER_ID) this.words[slotWord(slot) + FILLER] = 0;
    } finally {
      this.unlock();
    }
  }

  /**
   * A thread died (its Worker's 'exit'): the fills it had begun are nobody's, the keys
   * fillable again, and entries whose file it was still renaming into place are dropped.
   */
  releaseFills(owner: number): number {
    let freed = 0;
    this.lock();
    try {
      for (let slot = 0; slot < this.capacity; slot++) {
        const w = slotWord(slot);
        if (this.words[w + KIND] === SlotKind.Empty) continue;
        if (this.words[w + FILLER] === owner) {
          this.words[w + FILLER] = 0;
          freed++;
        }
        if (this.words[w + KIND] === SlotKind.Entry && this.words[w + WRITER] === owner && this.floats[slotFloat(slot) + INODE] === 0) {
          this.#remove(slot);
          freed++;
          // The shift may have moved the next slot into this one: look at it again.
          slot--;
        }
      }
    } finally {
      this.unlock();
    }
    return freed;
  }

  // ---- entries ----

  /**
   * A fill's file is in place: the entry becomes visible to every thread (a new version,
   * so threads holding the older one's meta read the file again). With `onlyIfAbsent`
   * (the loader), an entry a worker stored meanwhile wins. Evicts least recently used
   * entries beyond the limits. Returns the version, or -1 when nothing was published.
   */
  publish(hash: string, entry: PublishedEntry, now: number, limits: IndexLimits, vary: { baseHash: string; names: string[] } | null, onlyIfAbsent = false): number {
    this.lock();
    try {
      let slot = this.#find(hash);
      if (slot >= 0 && onlyIfAbsent && this.#kind(slot) === SlotKind.Entry) return -1;
      if (slot < 0) slot = this.#insert(hash, SlotKind.Node, now);
      if (slot < 0) return -1;
      const w = slotWord(slot);
      const f = slotFloat(slot);
      if (this.#kind(slot) === SlotKind.Entry) this.floats[BYTES_F64] = this.floats[BYTES_F64]! - this.floats[f + FILE_SIZE]!;
      else this.words[ENTRIES]!++;
      const version = (this.words[VERSIONS] = (this.words[VERSIONS]! + 1) | 0);
      this.words[w + VERSION] = version;
      this.words[w + USES] = 0;
      this.words[w + URL_HASH] = entry.urlHash;
      this.floats[f + FILE_SIZE] = entry.fileSize;
      this.floats[f + VALID_UNTIL] = entry.validUntil;
      this.floats[f + STORED_AT] = entry.storedAt;
      this.floats[f + LAST_USE] = this.#stamp(now);
      this.floats[f + UPDATING_SINCE] = 0;
      this.floats[f + INODE] = entry.inode;
      // A file still being written: when it began (a filler that never finishes is swept).
      this.floats[f + FILL_SINCE] = entry.inode === 0 ? now : 0;
      this.words[w + WRITER] = entry.inode === 0 ? OWNER_ID : 0;
      this.floats[BYTES_F64] = this.floats[BYTES_F64]! + entry.fileSize;
      Atomics.store(this.words, w + KIND, SlotKind.Entry);
      if (vary) this.#setVary(vary.baseHash, vary.names, now);
      this.#evictOver(limits, hash);
      return version;
    } finally {
      this.unlock();
    }
  }

  /**
   * The file of a version published while being written (inode 0) is in place; false
   * when that version is no longer in the index (evicted or purged meanwhile).
   */
  setInode(hash: string, version: number, inode: number): boolean {
    let found = false;
    this.#withEntry(hash, version, (f) => {
      this.floats[f + INODE] = inode;
      found = true;
    });
    if (found) this.#clearWriter(hash);
    return found;
  }

  /** The inode of the entry's file (0: still being written) and its version, without counting a use; null when none. */
  fileOf(hash: string): { version: number; inode: number } | null {
    this.lock();
    try {
      const slot = this.#find(hash);
      if (slot < 0 || this.#kind(slot) !== SlotKind.Entry) return null;
      return { version: this.words[slotWord(slot) + VERSION]!, inode: this.floats[slotFloat(slot) + INODE]! };
    } finally {
      this.unlock();
    }
  }

  /** True when no entry of any version is stored under `hash`. */
  hasNoEntry(hash: string): boolean {
    return this.versionOf(hash) < 0;
  }

  /** A 304 extended this version of the entry. */
  setValidity(hash: string, version: number, validUntil: number, storedAt: number): void {
    this.#withEntry(hash, version, (f) => {
      this.floats[f + VALID_UNTIL] = validUntil;
      this.floats[f + STORED_AT] = storedAt;
    });
  }

  /**
   * Marks the expired entry as being refreshed since `now` unless a refresh younger than
   * `ageMs` runs already (then false: the caller serves it stale or waits).
   */
  beginUpdate(hash: string, version: number, now: number, ageMs: number): boolean {
    let began = false;
    this.#withEntry(hash, version, (f) => {
      const since = this.floats[f + UPDATING_SINCE]!;
      if (since > 0 && now - since < ageMs) return;
      this.floats[f + UPDATING_SINCE] = now;
      began = true;
    });
    return began;
  }

  endUpdate(hash: string, version: number): void {
    this.#withEntry(hash, version, (f) => (this.floats[f + UPDATING_SINCE] = 0));
  }

  /** Removes the entry (only that version when one is given); true when it did. */
  remove(hash: string, version?: number): boolean {
    this.lock();
    try {
      const slot = this.#find(hash);
      if (slot < 0 || this.#kind(slot) !== SlotKind.Entry) return false;
      if (version !== undefined && this.words[slotWord(slot) + VERSION] !== version) return false;
      this.#remove(slot);
      return true;
    } finally {
      this.unlock();
    }
  }

  /**
   * The cache manager's round: entries and nodes unused for `inactiveMs` go, then least
   * recently used entries beyond the limits. Returns the hashes whose files to remove.
   */
  sweep(now: number, inactiveMs: number, limits: IndexLimits): string[] {
    this.lock();
    try {
      for (let slot = 0; slot < this.capacity; slot++) {
        const w = slotWord(slot);
        const kind = this.words[w + KIND]!;
        if (kind === SlotKind.Empty || this.words[w + FILLER] !== 0) continue;
        const f = slotFloat(slot);
        // An entry whose file never came (its thread died between commit and rename).
        const abandoned = kind === SlotKind.Entry && this.floats[f + INODE] === 0 && this.floats[f + FILL_SINCE]! + ABANDONED_FILE_MS < now;
        if (!abandoned && this.floats[f + LAST_USE]! + inactiveMs > now) continue;
        if (kind === SlotKind.Entry) this.#victims.push(this.#hashOf(slot));
        this.#remove(slot);
        // The shift may have moved the next slot into this one: look at it again.
        if (this.words[w + KIND] !== SlotKind.Empty) slot--;
      }
      this.#evictOver(limits, '');
    } finally {
      this.unlock();
    }
    return this.takeVictims();
  }

  /** Files of entries this thread evicted, to remove now that the lock is free. */
  takeVictims(): string[] {
    return this.#victims.splice(0);
  }

  // ---- internals (the caller holds the lock) ----

  /**
   * A use's time, made strictly increasing: uses within one millisecond stay in order, so
   * the least recently used is the one used first, as with the single-thread index.
   */
  #stamp(now: number): number {
    const last = this.floats[LAST_STAMP_F64]!;
    const stamp = now > last ? now : last + 1e-6;
    this.floats[LAST_STAMP_F64] = stamp;
    return stamp;
  }

  #withEntry(hash: string, version: number, update: (f: number) => void): void {
    this.lock();
    try {
      const slot = this.#find(hash);
      if (slot >= 0 && this.#kind(slot) === SlotKind.Entry && this.words[slotWord(slot) + VERSION] === version) update(slotFloat(slot));
    } finally {
      this.unlock();
    }
  }

  #clearWriter(hash: string): void {
    this.lock();
    try {
      const slot = this.#find(hash);
      if (slot >= 0) this.words[slotWord(slot) + WRITER] = 0;
    } finally {
      this.unlock();
    }
  }

  #kind(slot: number): number {
    return this.words[slotWord(slot) + KIND]!;
  }

  #view(slot: number): SharedEntryView {
    const f = slotFloat(slot);
    const fl = this.floats;
    return {
      version: this.words[slotWord(slot) + VERSION]!,
      fileSize: fl[f + FILE_SIZE]!,
      validUntil: fl[f + VALID_UNTIL]!,
      storedAt: fl[f + STORED_AT]!,
      updatingSince: fl[f + UPDATING_SINCE]!,
      inode: fl[f + INODE]!,
      lastUse: fl[f + LAST_USE]!,
    };
  }

  #varyNames(slot: number): string[] {
    const start = slot * SLOT_BYTES + HEADER_BYTES + VARY_OFFSET;
    const length = this.words[slotWord(slot) + VARY_LENGTH]!;
    // Copied out: TextDecoder does not read shared memory directly.
    return decoder.decode(this.byteView.slice(start, start + length)).split('\n');
  }

  #setVary(baseHash: string, names: string[], now: number): void {
    const encoded = encoder.encode(names.join('\n'));
    if (encoded.length > VARY_CAPACITY) return;
    let slot = this.#find(baseHash);
    // The base key stored without Vary before: its answers vary now, the variants replace it
    // (as nginx's variant replaces the main entry).
    if (slot >= 0 && this.#kind(slot) === SlotKind.Entry) {
      const filler = this.words[slotWord(slot) + FILLER]!;
      this.#victims.push(baseHash);
      this.#remove(slot);
      slot = this.#insert(baseHash, SlotKind.Node, now);
      if (slot >= 0) this.words[slotWord(slot) + FILLER] = filler;
    }
    if (slot < 0) slot = this.#insert(baseHash, SlotKind.Node, now);
    if (slot < 0) return;
    this.byteView.set(encoded, slot * SLOT_BYTES + HEADER_BYTES + VARY_OFFSET);
    this.words[slotWord(slot) + VARY_LENGTH] = encoded.length;
    this.floats[slotFloat(slot) + LAST_USE] = this.#stamp(now);
    this.words[slotWord(slot) + KIND] = SlotKind.Vary;
  }

  #parse(hash: string): Int32Array {
    const s = this.#scratch;
    for (let i = 0; i < 4; i++) s[i] = parseInt(hash.slice(i * 8, i * 8 + 8), 16) | 0;
    return s;
  }

  #hashOf(slot: number): string {
    const w = slotWord(slot);
    let out = '';
    for (let i = 0; i < 4; i++) out += (this.words[w + MD5 + i]! >>> 0).toString(16).padStart(8, '0');
    return out;
  }

  /** The slot under `hash`, or -1. The probe loop is written out here: it is every cache lookup's path. */
  #find(hash: string): number {
    const key = this.#parse(hash);
    const words = this.words;
    const capacity = this.capacity;
    let slot = this.home(key[0]!);
    for (let probes = 0; probes < capacity; probes++) {
      const w = slotWord(slot);
      if (words[w + KIND] === SlotKind.Empty) return -1;
      if (words[w + MD5] === key[0] && words[w + MD5 + 1] === key[1] && words[w + MD5 + 2] === key[2] && words[w + MD5 + 3] === key[3]) return slot;
      slot = slot + 1 === capacity ? 0 : slot + 1;
    }
    return -1;
  }

  /** A fresh slot for `hash` (evicting the least recently used when the index is full); -1 if none. */
  #insert(hash: string, kind: number, now: number): number {
    if (this.words[USED]! >= this.words[MAX_ENTRIES]!) this.#evictOne('');
    if (this.words[USED]! >= this.words[MAX_ENTRIES]!) return -1;
    const key = this.#parse(hash);
    const words = this.words;
    const slot = this.emptySlotFrom(this.home(key[0]!));
    const w = slotWord(slot);
    const start = slot * SLOT_BYTES + HEADER_BYTES;
    // Clear whatever a removed slot left, then the key; the kind last (a half-done insert is empty).
    this.byteView.fill(0, start + 4, start + SLOT_BYTES);
    for (let i = 0; i < 4; i++) words[w + MD5 + i] = key[i]!;
    this.floats[slotFloat(slot) + LAST_USE] = this.#stamp(now);
    this.occupy(slot, kind);
    return slot;
  }

  #remove(slot: number): void {
    if (this.#kind(slot) === SlotKind.Entry) {
      this.words[ENTRIES]!--;
      this.floats[BYTES_F64] = this.floats[BYTES_F64]! - this.floats[slotFloat(slot) + FILE_SIZE]!;
    }
    this.vacate(slot);
  }

  /** Evicts least recently used entries until within the limits (never `keep`, the entry just stored). */
  #evictOver(limits: IndexLimits, keep: string): void {
    const maxEntries = Math.min(limits.maxEntries, this.maxEntries);
    let rounds = 0;
    while ((this.floats[BYTES_F64]! > limits.maxBytes || this.words[ENTRIES]! > maxEntries) && this.words[ENTRIES]! > 0 && rounds++ < this.capacity) {
      if (!this.#evictOne(keep, true)) break;
    }
  }

  /** Removes the least recently used of the next SAMPLE slots not being filled (entries only with `entriesOnly`). */
  #evictOne(keep: string, entriesOnly = false): boolean {
    const words = this.words;
    let slot = words[CURSOR]! % this.capacity;
    let oldest = -1;
    let oldestAt = Infinity;
    let seen = 0;
    for (let steps = 0; steps < this.capacity && seen < SAMPLE; steps++) {
      const w = slotWord(slot);
      const kind = words[w + KIND]!;
      if (kind !== SlotKind.Empty && words[w + FILLER] === 0 && (!entriesOnly || kind === SlotKind.Entry)) {
        seen++;
        const at = this.floats[slotFloat(slot) + LAST_USE]!;
        if (at < oldestAt && (keep === '' || this.#hashOf(slot) !== keep)) {
          oldestAt = at;
          oldest = slot;
        }
      }
      slot = slot + 1 === this.capacity ? 0 : slot + 1;
    }
    words[CURSOR] = slot;
    if (oldest < 0) return false;
    if (this.#kind(oldest) === SlotKind.Entry) this.#victims.push(this.#hashOf(oldest));
    this.#remove(oldest);
    return true;
  }
}

function slotWord(slot: number): number {
  return (HEADER_BYTES + slot * SLOT_BYTES) / 4;
}

function slotFloat(slot: number): number {
  return (HEADER_BYTES + slot * SLOT_BYTES) / 8;
}
