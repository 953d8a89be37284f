// Health changes of upstream servers go to the audit trail (actor "system"), so the
// dashboard can show when a server left or rejoined rotation and why. Written in small
// batches off the request path; a failed write is reported, never thrown.
import type { HealthChangeEvent } from '../balancer/server-state.ts';
import type { Db } from '../../core/db/client.ts';

export function createHealthAudit(db: Db, flushMs = 1000) {
  let pending: HealthChangeEvent[] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    try {
      await db.auditEvent.createMany({
        data: batch.map((e) => ({
          at: new Date(e.at),
          actor: 'system',
          action: e.to === 'unhealthy' ? 'server.down' : 'server.up',
          objectType: 'server',
          objectId: e.key,
          before: { status: e.from },
          after: { status: e.to, source: e.source, reason: e.reason, address: e.address, poolId: e.poolId },
        })),
      });
    } catch (error) {
      process.emitWarning(`health events not written to the audit log: ${(error as Error).message.split('\n').pop()}`);
    }
  };
  const timer = setInterval(() => void flush(), flushMs);
  timer.unref();
  return {
    record(event: HealthChangeEvent): void {
      // Bounded: a flapping fleet cannot grow this without limit between flushes.
      if (pending.length < 10_000) pending.push(event);
    },
    async close(): Promise<void> {
      clearInterval(timer);
      await flush();
    },
  };
}
