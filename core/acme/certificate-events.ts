// Certificate issuance and renewal as events of the live statistics stream: the engine
// carries them in its next one-second snapshot (POST /events on its control API). The
// certificate's own status and the audit log stay the record; a stream event is a
// notification, so an engine that is down simply misses it.
import type { CertificateEvent } from '../contract/stats.ts';
import type { EngineClient } from '../contract/engine-client.ts';

export async function reportCertificateEvent(engine: Pick<EngineClient, 'reportEvent'>, event: Omit<CertificateEvent, 'notAfter' | 'nextAttemptAt'> & { notAfter?: Date | null; nextAttemptAt?: Date | null }): Promise<void> {
  const body = { ...event, message: event.message.slice(0, 2000), notAfter: event.notAfter?.toISOString() ?? null, nextAttemptAt: event.nextAttemptAt?.toISOString() ?? null };
  await engine.reportEvent(body);
}
