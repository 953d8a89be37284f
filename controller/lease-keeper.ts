// This controller's hold on the database lease (core/db/lease.ts): renewed every few
// seconds, and trusted only until the expiry it last wrote, so a controller whose renewals
// stall (a locked database, a paused process) stops acting before another may take over.
import type { Db } from '../core/db/client.ts';
import { acquireLease, CONTROLLER_LEASE_NAME, releaseLease } from '../core/db/lease.ts';
import { log } from './log.ts';

export const CONTROLLER_LEASE = CONTROLLER_LEASE_NAME;
/** How long a lease lasts without renewal: the longest a dead controller's work waits for another. */
export const LEASE_TTL_MS = 10_000;
/** Renewed well within its term, so one slow renewal does not lose it. */
export const LEASE_RENEW_MS = 2_000;

export interface LeaseKeeper {
  readonly holder: string;
  /** Takes or renews the lease; true while this controller holds it. */
  renew(): Promise<boolean>;
  /** Held now, by the expiry this controller last wrote. */
  holds(now?: number): boolean;
  release(): Promise<void>;
}

export function createLeaseKeeper(db: Db, holder: string, ttlMs = LEASE_TTL_MS): LeaseKeeper {
  let heldUntil = 0;
  return {
    holder,
    async renew() {
      const now = Date.now();
      try {
        const held = await acquireLease(db, CONTROLLER_LEASE, holder, ttlMs, new Date(now));
        heldUntil = held ? now + ttlMs : 0;
      } catch (error) {
        // Unknown whether it was written: keep the term already known, never extend it.
        log.error(`renewing the lease failed: ${(error as Error).message}`);
      }
      return this.holds();
    },
    holds: (now = Date.now()) => now < heldUntil,
    async release() {
      heldUntil = 0;
      await releaseLease(db, CONTROLLER_LEASE, holder).catch(() => undefined);
    },
  };
}
