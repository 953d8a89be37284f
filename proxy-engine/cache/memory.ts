// Small bodies kept in memory next to their files: a hit on a small entry is one
// socket write, no file open and read. The memory is bounded per zone; beyond it the
// least recently used bodies are dropped (their files stay).

/** Bodies up to this size are also kept in memory. */
export const MEMORY_BODY_MAX = 256 * 1024;
/** Memory for such bodies per zone, at most. */
export const MEMORY_BUDGET = 64 * 1024 * 1024;

export interface WithBody {
  readonly hash: string;
  body: Buffer | null;
}

export class MemoryBodies<T extends WithBody> {
  /** Entries holding a body, least recently used first. */
  readonly #entries = new Map<string, T>();
  #bytes = 0;
  budget: number;

  constructor(budget: number) {
    this.budget = budget;
  }

  get bytes(): number {
    return this.#bytes;
  }

  keep(entry: T, body: Buffer): void {
    if (body.length > MEMORY_BODY_MAX || entry.body) return;
    entry.body = body;
    this.#bytes += body.length;
    this.#entries.set(entry.hash, entry);
    this.trim();
  }

  touch(entry: T): void {
    if (!entry.body) return;
    this.#entries.delete(entry.hash);
    this.#entries.set(entry.hash, entry);
  }

  drop(entry: T): void {
    if (!entry.body) return;
    this.#bytes -= entry.body.length;
    entry.body = null;
    this.#entries.delete(entry.hash);
  }

  /** Drops least recently used bodies until within the budget. */
  trim(): void {
    for (const old of this.#entries.values()) {
      if (this.#bytes <= this.budget) break;
      this.drop(old);
    }
  }
}
