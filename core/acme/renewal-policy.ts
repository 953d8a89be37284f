// When to renew, how long to wait after a failed renewal, and what to warn about.
// Pure functions (no app imports), unit-tested.

const DAY = 86400_000;

export interface RenewalWindow {
  start: Date;
  end: Date;
}

/**
 * The CA's ACME Renewal Information window when it offers one (a random point inside
 * it, as RFC 9773 asks, so many clients do not renew at once), else two thirds of the
 * certificate's lifetime (day 60 of a 90-day certificate).
 */
export function renewAtFor(notBefore: Date, notAfter: Date, window: RenewalWindow | null, now = new Date(), random = Math.random): Date {
  if (window && window.end.getTime() > window.start.getTime()) {
    if (window.end.getTime() <= now.getTime()) return now;
    const start = Math.max(window.start.getTime(), now.getTime());
    return new Date(start + random() * (window.end.getTime() - start));
  }
  return new Date(notBefore.getTime() + ((notAfter.getTime() - notBefore.getTime()) * 2) / 3);
}

/** After the n-th failed renewal: 5 min, 10, 20, … capped at 6 h, never past a tenth of the time left. */
export function retryDelayMs(attempts: number, notAfter: Date | null, now = new Date()): number {
  const backoff = Math.min(6 * 3600_000, 5 * 60_000 * 2 ** Math.max(0, attempts - 1));
  if (!notAfter) return backoff;
  const left = notAfter.getTime() - now.getTime();
  return left > 0 ? Math.max(60_000, Math.min(backoff, left / 10)) : backoff;
}

export interface WarningInput {
  status: string;
  notAfter: Date | null;
  source: string;
  failedAttempts: number;
  lastFailure: string | null;
  nextAttemptAt: Date | null;
}

/** Plain-language warnings shown next to the certificate (and in the list). */
export function certificateWarnings(input: WarningInput, now = new Date()): string[] {
  const warnings: string[] = [];
  if (input.status === 'VALID' && input.notAfter) {
    const left = input.notAfter.getTime() - now.getTime();
    if (left <= 0) warnings.push(`Expired on ${input.notAfter.toUTCString()}: browsers refuse it.`);
    else if (left < 14 * DAY) {
      const days = Math.max(1, Math.floor(left / DAY));
      warnings.push(`Expires in ${days} day${days === 1 ? '' : 's'} (${input.notAfter.toUTCString()})${input.source === 'UPLOAD' ? ': upload a renewed certificate.' : '.'}`);
    }
  }
  if (input.status === 'VALID' && input.failedAttempts > 0) {
    warnings.push(
      `Renewal failed ${input.failedAttempts} time${input.failedAttempts === 1 ? '' : 's'}${input.lastFailure ? `: ${input.lastFailure}` : ''}${input.nextAttemptAt ? ` Next attempt: ${input.nextAttemptAt.toUTCString()}.` : ''}`,
    );
  }
  return warnings;
}
