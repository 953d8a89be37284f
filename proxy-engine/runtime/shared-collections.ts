// Collections that many compiled hosts and locations share instead of holding one each.
// Ten thousand hosts held an empty Set, Map or array per field and a Set of their
// entrypoints (a Set or Map is ~230 bytes even empty; docs/benchmarks.md, "Compiled
// runtime per host"). The empty ones are put in place once a location's chain is built
// (stages still add rules while building), and every shared one refuses changes: a stage
// that tried to change one would otherwise change every host at once.

const unchangeable = (): never => {
  throw new TypeError('a shared compiled collection cannot be changed');
};

class SealedSet<T> extends Set<T> {
  readonly #sealed: boolean;
  constructor(items: Iterable<T>) {
    super();
    for (const item of items) super.add(item);
    this.#sealed = true;
  }
  override add(value: T): this {
    return this.#sealed ? unchangeable() : super.add(value);
  }
  override delete(): boolean {
    return unchangeable();
  }
  override clear(): void {
    unchangeable();
  }
}

class EmptyMap<K, V> extends Map<K, V> {
  override set(): this {
    return unchangeable();
  }
  override delete(): boolean {
    return unchangeable();
  }
  override clear(): void {
    unchangeable();
  }
}

const EMPTY_SET = new SealedSet<never>([]);
const EMPTY_MAP = new EmptyMap<never, never>();
const EMPTY_ARRAY = Object.freeze([]) as unknown as never[];

/** `set`, or the shared empty set when it holds nothing. */
export function sharedIfEmptySet<T>(set: Set<T>): Set<T> {
  return set.size === 0 ? (EMPTY_SET as Set<T>) : set;
}

/** `map`, or the shared empty map when it holds nothing. */
export function sharedIfEmptyMap<K, V>(map: Map<K, V>): Map<K, V> {
  return map.size === 0 ? (EMPTY_MAP as Map<K, V>) : map;
}

/** `array`, or the shared (frozen) empty array when it holds nothing. */
export function sharedIfEmptyArray<T>(array: T[]): T[] {
  return array.length === 0 ? (EMPTY_ARRAY as T[]) : array;
}

// A host listens on http, https or both: four possible sets, made once.
const ENTRYPOINT_SETS = new Map<string, Set<'http' | 'https'>>();

/** The shared set of these entrypoints. */
export function entrypointSet(entrypoints: readonly ('http' | 'https')[]): Set<'http' | 'https'> {
  const key = [...new Set(entrypoints)].sort().join(',');
  let set = ENTRYPOINT_SETS.get(key);
  if (!set) {
    set = new SealedSet(key === '' ? [] : (key.split(',') as ('http' | 'https')[]));
    ENTRYPOINT_SETS.set(key, set);
  }
  return set;
}
