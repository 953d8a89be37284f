// The last 15 minutes of one-second snapshots, already serialised: what a reconnecting
// SSE client missed (Last-Event-ID) and what a chart loads its history from.

export interface RingEntry {
  seq: number;
  /** Start of the second, epoch ms. */
  t: number;
  /** The StatsSnapshot as JSON, exactly as it is sent. */
  json: string;
}

export const DEFAULT_RING_SECONDS = 900;
/**
 * The most JSON the ring keeps, in characters (≈ bytes: snapshots are ASCII but for
 * host names). Each host active in a second adds ~280 characters: a hundred busy hosts
 * keep their 15 minutes (~25 MB); ten thousand busy hosts write ~1.4 MB a second and the
 * ring keeps their newest ~23 s rather than 1.2 GB (the minute rollups in the database
 * hold the longer history).
 */
export const DEFAULT_RING_MAX_CHARS = 32 * 1024 * 1024;

export class SnapshotRing {
  readonly capacity: number;
  readonly maxChars: number;
  readonly #slots: (RingEntry | undefined)[];
  #newest = -1;
  #size = 0;
  #chars = 0;

  constructor(capacity = DEFAULT_RING_SECONDS, maxChars = DEFAULT_RING_MAX_CHARS) {
    this.capacity = capacity;
    this.maxChars = maxChars;
    this.#slots = new Array<RingEntry | undefined>(capacity);
  }

  /** Entries must come with consecutive sequence numbers. The newest entry is always kept. */
  push(entry: RingEntry): void {
    if (this.#size > 0 && entry.seq !== this.#newest + 1) throw new RangeError(`sequence ${entry.seq} after ${this.#newest}`);
    const slot = entry.seq % this.capacity;
    if (this.#size === this.capacity) {
      this.#chars -= this.#slots[slot]!.json.length;
      this.#size--;
    }
    this.#slots[slot] = entry;
    this.#chars += entry.json.length;
    this.#newest = entry.seq;
    this.#size++;
    // Over the budget: the oldest seconds go first.
    while (this.#chars > this.maxChars && this.#size > 1) {
      const oldest = (this.#newest - this.#size + 1) % this.capacity;
      this.#chars -= this.#slots[oldest]!.json.length;
      this.#slots[oldest] = undefined;
      this.#size--;
    }
  }

  /** Characters of JSON kept (memory figures). */
  get chars(): number {
    return this.#chars;
  }

  get size(): number {
    return this.#size;
  }

  /** The newest sequence number, or -1 when empty. */
  get newestSeq(): number {
    return this.#size === 0 ? -1 : this.#newest;
  }

  /** The oldest sequence number still kept, or -1 when empty. */
  get oldestSeq(): number {
    return this.#size === 0 ? -1 : this.#newest - this.#size + 1;
  }

  get(seq: number): RingEntry | undefined {
    if (this.#size === 0 || seq > this.#newest || seq < this.oldestSeq) return undefined;
    return this.#slots[seq % this.capacity];
  }

  newest(): RingEntry | undefined {
    return this.get(this.#newest);
  }

  /** Entries after `seq`, oldest first (all kept ones when seq is older than the ring). */
  *since(seq: number): Generator<RingEntry> {
    if (this.#size === 0) return;
    for (let s = Math.max(seq + 1, this.oldestSeq); s <= this.#newest; s++) yield this.#slots[s % this.capacity]!;
  }
}
