// Events carried in the one-second snapshots next to the counters, so a chart can mark
// them on its time axis and the overview can list them: upstream servers leaving and
// rejoining rotation (the engine's own health verdicts), certificate issuance and renewal
// and the health gate's automatic rollbacks (reported by the dashboard process, which runs
// ACME and the gate, through POST /events).
// Between two ticks at most MAX_PER_SECOND are kept: a flapping fleet cannot grow a
// snapshot without limit; the count of the ones left out is reported instead.
import { z } from 'zod';

export const CERTIFICATE_EVENT_KINDS = [
  'certificate.issued',
  'certificate.issue_failed',
  'certificate.renewal_started',
  'certificate.renewed',
  'certificate.renewal_failed',
  'certificate.expiring',
] as const;

/** What the dashboard posts to the engine's POST /events. */
export const CertificateEventInput = z.strictObject({
  kind: z.enum(CERTIFICATE_EVENT_KINDS),
  certificateId: z.string().min(1).max(64),
  names: z.array(z.string().min(1).max(253)).min(1).max(100),
  message: z.string().max(2000),
  /** The certificate's expiry (ISO), when known. */
  notAfter: z.iso.datetime().nullable().default(null),
  /** When a failed renewal is tried again (ISO); null after a failed first issuance. */
  nextAttemptAt: z.iso.datetime().nullable().default(null),
});
export type CertificateEvent = z.infer<typeof CertificateEventInput>;

/** The dashboard's health gate restored a version after a regression. */
export const ConfigEventInput = z.strictObject({
  kind: z.literal('config.rolled_back'),
  watchedRevision: z.number().int().min(1),
  restoredRevision: z.number().int().min(1),
  rollbackRevision: z.number().int().min(1),
  message: z.string().max(2000),
});
export type ConfigEvent = z.infer<typeof ConfigEventInput>;

/** What POST /events accepts. */
export const ReportedEventInput = z.discriminatedUnion('kind', [CertificateEventInput, ConfigEventInput]);
export type ReportedEvent = z.infer<typeof ReportedEventInput>;

export interface ServerEvent {
  kind: 'server.down' | 'server.up';
  poolId: string;
  address: string;
  source: 'active' | 'passive';
  reason: string | null;
}

/** One entry of a snapshot's `events`; `at` is epoch ms. */
export type StreamEvent = (ReportedEvent | ServerEvent) & { at: number };

export const MAX_PER_SECOND = 100;

export class EventQueue {
  #pending: StreamEvent[] = [];
  #dropped = 0;
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  push(event: ReportedEvent | ServerEvent, at = this.#now()): void {
    if (this.#pending.length >= MAX_PER_SECOND) {
      this.#dropped++;
      return;
    }
    this.#pending.push({ ...event, at });
  }

  /** The events since the last call, and how many were left out. */
  take(): { events: StreamEvent[]; dropped: number } {
    const taken = { events: this.#pending, dropped: this.#dropped };
    this.#pending = [];
    this.#dropped = 0;
    return taken;
  }
}
