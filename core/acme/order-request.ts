// Orders are asked for in the database and run by the controller: the dashboard writes the
// request (a PENDING certificate, or Certificate.orderRequestedAt for a retry or "renew
// now"), the controller picks it up within a second and clears it when the order ends.
// "Running" is read from the row, so every dashboard instance says the same.
import type { Db } from '../db/client.ts';
import type { Prisma } from '../db/generated/client.ts';

/**
 * An order of this certificate is asked for or under way: a first order until it is issued
 * or has failed, a renewal until the controller records its end.
 */
export function orderRunning(row: { status: string; orderRequestedAt: Date | null }): boolean {
  return row.status === 'PENDING' || (row.status === 'VALID' && row.orderRequestedAt !== null);
}

/** Asks the controller to order this certificate now (a failed first order starts over as pending). */
export async function requestOrder(db: Db | Prisma.TransactionClient, id: string, status: string): Promise<void> {
  await db.certificate.update({ where: { id }, data: { orderRequestedAt: new Date(), ...(status === 'FAILED' ? { status: 'PENDING' } : {}) } });
}
