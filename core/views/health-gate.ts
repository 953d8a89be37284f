// The health gate's watch of an applied change and its verdict, as the Versions page shows them.
import type { WindowSummary } from '../contract/window-summary.ts';

export interface GateWatch {
  revision: number;
  /** The version restored on a regression. */
  previousRevision: number;
  appliedAt: number;
  watchSeconds: number;
  endsAt: number;
  before: WindowSummary;
  after: WindowSummary | null;
  /** The latest verdict on the traffic so far. */
  status: string;
}

export interface GateResult {
  revision: number;
  verdict: 'passed' | 'rolled_back' | 'inconclusive' | 'superseded' | 'failed';
  reason: string;
  at: number;
  before: WindowSummary | null;
  after: WindowSummary | null;
  /** When rolled back: the version restored and the revision the rollback made. */
  restoredRevision?: number;
  rollbackRevision?: number;
}
