// Orders run in the background of the dashboard process, one at a time per certificate.
// The registry lives on globalThis: Next.js may load this module once per route bundle,
// and the scheduler (instrumentation) must see the orders the routes started.
import type { Db } from '@/core/db/client.ts';
import { runOrder } from './order.ts';

const registry = ((globalThis as unknown as { porticoAcmeJobs?: Map<string, Promise<void>> }).porticoAcmeJobs ??= new Map());

export function isRunning(certificateId: string): boolean {
  return registry.has(certificateId);
}

export function runningCount(): number {
  return registry.size;
}

/** Starts an order for the certificate unless one is running; returns whether it started. */
export function startOrder(db: Db, certificateId: string): boolean {
  if (registry.has(certificateId)) return false;
  const job = runOrder(db, certificateId)
    .catch((error: unknown) => console.error(`[acme] order for certificate ${certificateId} failed unexpectedly:`, error))
    .finally(() => registry.delete(certificateId));
  registry.set(certificateId, job);
  return true;
}
