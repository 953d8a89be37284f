// The renewal scheduler, in the dashboard process (started by instrumentation.ts): every
// PORTICO_ACME_RENEW_CHECK_MS it renews certificates whose renewAt has come (two thirds
// of the lifetime, the CA's ARI window, or the backoff after a failed attempt), resumes
// orders a restart interrupted, and drops expired challenge tokens.
import type { Db } from '@/core/db/client.ts';
import { isRunning, runningCount, startOrder } from './jobs.ts';
import { acmeSettings } from './settings.ts';
import { reportCertificateEvent } from './stream-events.ts';

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

/** A certificate this close to expiry is announced in the stats stream (ACME ones only when renewal keeps failing). */
export const EXPIRY_WARNING_MS = 14 * 86400_000;
const WARN_EVERY_MS = 86400_000;

/** Announces certificates that expire soon, each at most once a day per process; returns their ids. */
export async function warnExpiring(db: Db, now = new Date()): Promise<string[]> {
  const warned = ((globalThis as unknown as { porticoExpiryWarned?: Map<string, number> }).porticoExpiryWarned ??= new Map());
  const soon = await db.certificate.findMany({
    where: { status: 'VALID', notAfter: { lte: new Date(now.getTime() + EXPIRY_WARNING_MS) } },
    select: { id: true, domains: true, notAfter: true, source: true },
  });
  const announced: string[] = [];
  for (const cert of soon) {
    if (now.getTime() - (warned.get(cert.id) ?? -Infinity) < WARN_EVERY_MS) continue;
    warned.set(cert.id, now.getTime());
    const notAfter = cert.notAfter!;
    const expired = notAfter.getTime() <= now.getTime();
    const days = Math.max(0, Math.floor((notAfter.getTime() - now.getTime()) / 86400_000));
    const when = expired ? `expired on ${notAfter.toUTCString()}` : `expires in ${days} day${days === 1 ? '' : 's'} (${notAfter.toUTCString()})`;
    const action = cert.source === 'ACME' ? 'renewal has not succeeded yet' : expired ? 'upload a new certificate' : 'upload a new certificate before then';
    await reportCertificateEvent({ kind: 'certificate.expiring', certificateId: cert.id, names: cert.domains as string[], message: `The certificate for ${(cert.domains as string[]).join(', ')} ${when}; ${action}.`, notAfter });
    announced.push(cert.id);
  }
  return announced;
}

export function startRenewalScheduler(db: Db): void {
  const holder = globalThis as unknown as { porticoRenewalTimer?: NodeJS.Timeout };
  if (holder.porticoRenewalTimer) return;
  const tick = () =>
    renewDue(db)
      .then(() => warnExpiring(db))
      .catch((error: unknown) => {
        console.error('[acme] renewal check failed:', (error as Error).message);
      });
  holder.porticoRenewalTimer = setInterval(tick, acmeSettings().renewCheckMs);
  holder.porticoRenewalTimer.unref();
  setTimeout(tick, 5000).unref();
}
