// Passive health exactly as nginx 1.22 keeps it (ngx_http_upstream_round_robin.c):
//
// - a failure increments `fails` and stamps `accessed` and `checked` with now;
// - a server is skipped while fails >= max_fails and now - checked <= fail_timeout;
// - picking a server whose window has passed moves `checked` to now, so after the
//   timeout exactly one request goes through (the others still see a fresh window);
// - a success resets `fails` only when that stamp moved after the last failure
//   (accessed < checked): successes inside a window do not forgive earlier failures;
// - each failure also lowers the round-robin effective weight by weight / max_fails,
//   which climbs back by one per pick (a gentle ramp nginx applies on its own);
// - max_fails = 0 disables the whole mechanism, and a pool with a single server and no
//   backups never counts failures at all (pool-runtime.ts skips these calls for it).
//
// nginx counts in whole seconds; Portico keeps milliseconds with the same comparisons.
import type { ServerStateRegistry } from './server-state.ts';
import type { PeerState } from './types.ts';

export function passivelyBlocked(peer: PeerState, now: number): boolean {
  const state = peer.state;
  return peer.maxFails !== 0 && state.fails >= peer.maxFails && now - state.checkedAt <= peer.failTimeoutMs;
}

/** Called for every pick (nginx does this in each get-peer function). */
export function notePicked(peer: PeerState, now: number): void {
  const state = peer.state;
  if (state.shared) state.shared.picked(now, peer.failTimeoutMs);
  else if (now - state.checkedAt > peer.failTimeoutMs) state.checkedAt = now;
}

export function recordOutcome(peer: PeerState, failed: boolean, now: number, registry: ServerStateRegistry): void {
  const state = peer.state;
  if (failed) {
    state.signal.epoch++;
    let fails: number;
    if (state.shared) fails = state.shared.failed(now);
    else {
      fails = ++state.fails;
      state.accessedAt = now;
      state.checkedAt = now;
    }
    if (peer.maxFails !== 0) {
      peer.effectiveWeight -= Math.trunc(peer.weight / peer.maxFails);
      if (fails >= peer.maxFails) {
        registry.transition(state, 'passive', 'unhealthy', `${fails} failed attempts (max_fails=${peer.maxFails})`, now);
      }
    }
    if (peer.effectiveWeight < 0) peer.effectiveWeight = 0;
    return;
  }
  let reset: boolean;
  if (state.shared) reset = state.shared.succeeded();
  else {
    reset = state.accessedAt < state.checkedAt && state.fails !== 0;
    if (reset) state.fails = 0;
  }
  if (reset) {
    state.signal.epoch++;
    if (state.passiveDown) registry.transition(state, 'passive', 'healthy', 'a request succeeded after fail_timeout', now);
  }
}
