// Whether Portico is ready for traffic (GET /readyz on the dashboard and on the engine's
// control port): the engine serves the latest revision of the configuration. One verdict
// for both, so an orchestrator sees the same answer whichever port it probes. The reasons
// name revisions and states only, never a host, an address or an error's text: the
// endpoints are unauthenticated.

/** What the verdict reads of the engine's status (GET /status, the applier's status). */
export interface ReadinessInput {
  appliedRevision: number;
  desiredRevision: number;
  databaseError: string | null;
  compileError?: string | null;
}

export type Readiness = { ready: true; revision: number } | { ready: false; reason: string };

/**
 * `latestRevision`: the database's revision when the caller has read it itself (the
 * dashboard); the engine's own idea of it otherwise.
 */
export function readiness(status: ReadinessInput, latestRevision: number = status.desiredRevision): Readiness {
  if (status.databaseError !== null) return { ready: false, reason: `the engine cannot read the configuration database; it serves revision ${status.appliedRevision}` };
  if (status.compileError) return { ready: false, reason: `revision ${status.desiredRevision} could not be compiled; the engine serves revision ${status.appliedRevision}` };
  if (status.appliedRevision < latestRevision) return { ready: false, reason: `the engine serves revision ${status.appliedRevision}; the latest is ${latestRevision}` };
  return { ready: true, revision: status.appliedRevision };
}

/** The JSON body both ports answer with (200 when ready, else 503). */
export function readinessBody(verdict: Readiness): { status: 'ready'; revision: number } | { status: 'not ready'; reason: string } {
  return verdict.ready ? { status: 'ready', revision: verdict.revision } : { status: 'not ready', reason: verdict.reason };
}
