// Tie a connection slot to the life of what holds it, so it is given back exactly once
// however the request ends.

/** A ServerResponse, an Http2ServerResponse, or the socket of an upgraded request. */
export interface Closable {
  once(event: 'close', listener: () => void): unknown;
  readonly closed?: boolean;
  readonly destroyed?: boolean;
}

/**
 * Run `release` when `target` closes. 'close' is emitted once on every ending
 * (finished, aborted by the client, destroyed on an error); a target that is already
 * closed (the client left while the request waited) releases at once. `release` must
 * be idempotent, as ConnDecision.release is, so the engine may also call it itself.
 */
export function releaseOnClose(target: Closable, release: () => void): void {
  if (target.closed === true || target.destroyed === true) {
    release();
    return;
  }
  target.once('close', release);
}
