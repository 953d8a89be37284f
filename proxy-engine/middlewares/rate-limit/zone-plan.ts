// What a compile sees of zones that live across revisions: the zones the new snapshot
// will have, found by name, and the step that makes them the live ones after the swap.
export interface ZonePlan<Zone> {
  get(name: string): Zone | undefined;
  /** The compiled runtime is live: its zones (and their new limits) become the engine's. */
  commit(): void;
  /** The compile failed: zones created for it (and their shared memory) are given back. */
  discard?(): void;
  /** Why a configured zone could not be created (no room in shared memory), if so. */
  failure?(name: string): string | undefined;
}

/** The stores a plan created and the ones it replaces, closed when the plan settles. */
export class ZoneStoreLedger {
  readonly created: object[] = [];
  readonly failures = new Map<string, string>();

  /** Creates through `create`; a failure is recorded against the zone, not thrown. */
  tryCreate<T>(name: string, create: () => T): T | undefined {
    try {
      return create();
    } catch (error) {
      this.failures.set(name, (error as Error).message);
      return undefined;
    }
  }

  /** Closes the stores of `before` that `after` no longer uses. */
  static closeDropped(before: Iterable<object>, after: ReadonlySet<unknown>): void {
    for (const store of before) if (!after.has(store)) closeStore(store);
  }

  closeCreated(): void {
    for (const store of this.created) closeStore(store);
  }
}

function closeStore(store: object): void {
  (store as { close?(): void }).close?.();
}
