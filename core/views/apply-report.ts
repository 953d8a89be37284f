// What a write's answer says about the engine applying it (`apply` in every write's response).
export interface ApplyReport {
  revision: number;
  /** Whether the engine runs this revision (or a newer one) now. */
  applied: boolean;
  appliedRevision: number | null;
  applyMs: number | null;
  /** The engine's errors for the objects this write touched. */
  errors: { objectType: string; objectId: string; name: string; path: string; message: string }[];
  /** Health-gated apply: the traffic is watched until endsAt (epoch ms) and a regression rolls back. */
  healthGate: { watching: true; endsAt: number; watchSeconds: number } | null;
}
