// What a compile sees of zones that live across revisions: the zones the new snapshot
// will have, found by name, and the step that makes them the live ones after the swap.
export interface ZonePlan<Zone> {
  get(name: string): Zone | undefined;
  /** The compiled runtime is live: its zones (and their new limits) become the engine's. */
  commit(): void;
}
