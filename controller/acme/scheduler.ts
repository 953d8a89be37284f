// Certificate orders and renewals, in the controller: it starts the orders someone asked
// for (a PENDING certificate, or Certificate.orderRequestedAt: a retry or "renew now"),
// including those a restart interrupted, and the renewals whose renewAt has come (two thirds
// of the lifetime, the CA's ARI window, or the backoff after a failed attempt); it drops
// expired challenge tokens and announces certificates close to expiry.
import type { Db } from '../../core/db/client.ts';
import { isRunning, runningCount, startOrder } from './jobs.ts';
import type { OrderEngine } from './order.ts';
import { reportCertificateEvent } from '../../core/acme/certificate-events.ts';
import { plural } from '../../core/views/plural.ts';

/** Orders run at once at most (renewals of many certificates are spread over ticks). */
const MAX_CONCURRENT = 2;

/**
 * Starts the orders asked for, and with `renewals` the renewals due; returns the ids of those
 * it started.
 */
export async function startDueOrders(db: Db, engine: OrderEngine, options: { renewals: boolean }, now = new Date()): Promise<string[]> {
  // Expired tokens go with the renewal check: a write a second would only collide with the dashboard's.
  if (options.renewals) await db.acmeChallenge.deleteMany({ where: { expiresAt: { lt: now } } });
  const due = await db.certificate.findMany({
    where: { source: 'ACME', status: { not: 'REVOKED' }, OR: [{ orderRequestedAt: { not: null } }, { status: 'PENDING' }, ...(options.renewals ? [{ status: 'VALID' as const, renewAt: { lte: now } }] : [])] },
    select: { id: true },
    orderBy: { renewAt: 'asc' },
  });
  const started: string[] = [];
  for (const { id } of due) {
    if (runningCount() >= MAX_CONCURRENT) break;
    // One not running here was asked for, is due, or was interrupted by a restart.
    if (!isRunning(id) && startOrder(db, engine, id)) started.push(id);
  }
  return started;
}

/** A certificate this close to expiry is announced in the stats stream (ACME ones only when renewal keeps failing). */
export const EXPIRY_WARNING_MS = 14 * 86400_000;
const WARN_EVERY_MS = 86400_000;

const warned = new Map<string, number>();

/** Announces certificates that expire soon, each at most once a day per controller; returns their ids. */
export async function warnExpiring(db: Db, engine: OrderEngine, now = new Date()): Promise<string[]> {
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
    const when = expired ? `expired on ${notAfter.toUTCString()}` : `expires in ${plural(days, 'day')} (${notAfter.toUTCString()})`;
    const action = cert.source === 'ACME' ? 'renewal has not succeeded yet' : expired ? 'upload a new certificate' : 'upload a new certificate before then';
    await reportCertificateEvent(engine, { kind: 'certificate.expiring', certificateId: cert.id, names: cert.domains as string[], message: `The certificate for ${(cert.domains as string[]).join(', ')} ${when}; ${action}.`, notAfter });
    announced.push(cert.id);
  }
  return announced;
}
