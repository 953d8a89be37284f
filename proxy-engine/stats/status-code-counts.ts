// Counts by exact status code, for one counter window. A host sees a handful of codes,
// and ten thousand hosts hold six windows each: a Map costs ~190 bytes with one code (and
// ~150 empty), a flat [code, count, …] array ~60. Iterates as a Map would, in the order
// the codes were first counted, so `new Map(counts)` and `[...counts]` read the same.
const NONE: number[] = Object.freeze([]) as unknown as number[];

export class StatusCodeCounts implements Iterable<[number, number]> {
  #pairs: number[] = NONE;

  get size(): number {
    return this.#pairs.length >> 1;
  }

  get(code: number): number | undefined {
    const pairs = this.#pairs;
    for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === code) return pairs[i + 1];
    return undefined;
  }

  /** Add `n` to the code's count. */
  add(code: number, n = 1): void {
    const pairs = this.#pairs;
    for (let i = 0; i < pairs.length; i += 2) {
      if (pairs[i] === code) {
        pairs[i + 1]! += n;
        return;
      }
    }
    // A new code: a copy of exactly the needed length (push would over-allocate).
    const grown = new Array<number>(pairs.length + 2);
    for (let i = 0; i < pairs.length; i++) grown[i] = pairs[i]!;
    grown[pairs.length] = code;
    grown[pairs.length + 1] = n;
    this.#pairs = grown;
  }

  set(code: number, n: number): void {
    const current = this.get(code);
    this.add(code, current === undefined ? n : n - current);
  }

  clear(): void {
    this.#pairs = NONE;
  }

  *[Symbol.iterator](): IterableIterator<[number, number]> {
    const pairs = this.#pairs;
    for (let i = 0; i < pairs.length; i += 2) yield [pairs[i]!, pairs[i + 1]!];
  }
}
