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

export class SnapshotRing {
  readonly capacity: number;
  readonly #slots: (RingEntry | undefined)[];
  #newest = -1;
  #size = 0;

  constructor(capacity = DEFAULT_RING_SECONDS) {
    this.capacity = capacity;
    this.#slots = new Array<RingEntry | undefined>(capacity);
  }

  /** Entries must come with consecutive sequence numbers. */
  push(entry: RingEntry): void {
    if (this.#size > 0 && entry.seq !== this.#newest + 1) throw new RangeError(`sequence ${entry.seq} after ${this.#newest}`);
    this.#slots[entry.seq % this.capacity] = entry;
    this.#newest = entry.seq;
    if (this.#size < this.capacity) this.#size++;
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
