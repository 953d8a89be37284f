// The orders this controller runs now, one at a time per certificate. What is asked for
// lives in the database (a PENDING certificate, Certificate.orderRequestedAt, a renewal
// date): this registry only keeps one controller from starting an order twice.
import type { Db } from '../../core/db/client.ts';
import { runOrder, type OrderEngine } from './order.ts';
import { log } from '../log.ts';

const registry = new Map<string, Promise<void>>();

export function isRunning(certificateId: string): boolean {
  return registry.has(certificateId);
}

export function runningCount(): number {
  return registry.size;
}

/** Starts an order for the certificate unless one is running; returns whether it started. */
export function startOrder(db: Db, engine: OrderEngine, certificateId: string): boolean {
  if (registry.has(certificateId)) return false;
  const job = runOrder(db, engine, certificateId)
    .catch((error: unknown) => log.error({ err: error, certificateId }, `order for certificate ${certificateId} failed unexpectedly`))
    .finally(() => registry.delete(certificateId));
  registry.set(certificateId, job);
  return true;
}

/** Resolves when every running order has ended (a graceful stop waits for them). */
export async function settled(): Promise<void> {
  await Promise.all(registry.values());
}
