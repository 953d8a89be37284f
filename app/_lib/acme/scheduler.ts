// The renewal scheduler, in the dashboard process (started by instrumentation.ts): every
// PORTICO_ACME_RENEW_CHECK_MS it renews certificates whose renewAt has come (two thirds
// of the lifetime, the CA's ARI window, or the backoff after a failed attempt), resumes
// orders a restart interrupted, and drops expired challenge tokens.
import type { Db } from '@/proxy-engine/db/client.ts';
import { isRunning, runningCount, startOrder } from './jobs.ts';
import { acmeSettings } from './settings.ts';

/** Orders run at once at most (renewals of many certificates are spread over ticks). */
const MAX_CONCURRENT = 2;

export async function renewDue(db: Db, now = new Date()): Promise<string[]> {
  await db.acmeChallenge.deleteMany({ where: { expiresAt: { lt: now } } });
  const due = await db.certificate.findMany({
    where: { source: 'ACME', OR: [{ status: 'VALID', renewAt: { lte: now } }, { status: 'PENDING' }] },
    select: { id: true },
    orderBy: { renewAt: 'asc' },
  });
  const started: string[] = [];
  for (const { id } of due) {
    if (runningCount() >= MAX_CONCURRENT) break;
    // A PENDING certificate not running here was interrupted by a restart: resume it.
    if (!isRunning(id) && startOrder(db, id)) started.push(id);
  }
  return started;
}

export function startRenewalScheduler(db: Db): void {
  const holder = globalThis as unknown as { porticoRenewalTimer?: NodeJS.Timeout };
  if (holder.porticoRenewalTimer) return;
  const tick = () =>
    renewDue(db).catch((error: unknown) => {
      console.error('[acme] renewal check failed:', (error as Error).message);
    });
  holder.porticoRenewalTimer = setInterval(tick, acmeSettings().renewCheckMs);
  holder.porticoRenewalTimer.unref();
  setTimeout(tick, 5000).unref();
}
