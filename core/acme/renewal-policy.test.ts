import { describe, expect, it } from 'vitest';
import { certificateWarnings, renewAtFor, retryDelayMs } from './renewal-policy.ts';

const DAY = 86400_000;
const now = new Date('2030-06-01T00:00:00Z');
const at = (days: number) => new Date(now.getTime() + days * DAY);

describe('renewal policy', () => {
  it('renews at two thirds of the lifetime without renewal information', () => {
    expect(renewAtFor(at(0), at(90), null)).toEqual(at(60));
    expect(renewAtFor(at(-10), at(5), null, now).getTime()).toBe(at(0).getTime());
  });

  it("picks a point inside the CA's ARI window, not before now", () => {
    expect(renewAtFor(at(0), at(90), { start: at(10), end: at(12) }, now, () => 0.5)).toEqual(at(11));
    expect(renewAtFor(at(0), at(90), { start: at(-3), end: at(1) }, now, () => 0)).toEqual(now);
    // A window already past: renew now.
    expect(renewAtFor(at(0), at(90), { start: at(-3), end: at(-1) }, now)).toEqual(now);
  });

  const delays: { attempts: number; notAfter: Date | null; expectedMs: number }[] = [
    { attempts: 1, notAfter: at(30), expectedMs: 5 * 60_000 },
    { attempts: 2, notAfter: at(30), expectedMs: 10 * 60_000 },
    { attempts: 5, notAfter: at(30), expectedMs: 80 * 60_000 },
    { attempts: 20, notAfter: at(30), expectedMs: 6 * 3600_000 },
    // Close to expiry the retries speed up: at most a tenth of the time left.
    { attempts: 20, notAfter: at(1), expectedMs: DAY / 10 },
    { attempts: 20, notAfter: new Date(now.getTime() + 120_000), expectedMs: 60_000 },
    { attempts: 3, notAfter: null, expectedMs: 20 * 60_000 },
  ];
  for (const d of delays) {
    it(`waits ${d.expectedMs / 60_000} min after failure ${d.attempts}`, () => {
      expect(retryDelayMs(d.attempts, d.notAfter, now)).toBe(d.expectedMs);
    });
  }

  it('warns about expiry and failing renewals in plain words', () => {
    const base = { status: 'VALID', source: 'ACME', failedAttempts: 0, lastFailure: null, nextAttemptAt: null };
    expect(certificateWarnings({ ...base, notAfter: at(60) }, now)).toEqual([]);
    expect(certificateWarnings({ ...base, notAfter: at(3.5) }, now)[0]).toMatch(/^Expires in 3 days/);
    expect(certificateWarnings({ ...base, source: 'UPLOAD', notAfter: at(1) }, now)[0]).toMatch(/upload a renewed certificate/);
    expect(certificateWarnings({ ...base, notAfter: at(-1) }, now)[0]).toMatch(/^Expired on/);
    const failing = certificateWarnings({ ...base, notAfter: at(20), failedAttempts: 2, lastFailure: 'port 80 is closed.', nextAttemptAt: at(1) }, now);
    expect(failing[0]).toMatch(/^Renewal failed 2 times: port 80 is closed\. Next attempt: /);
  });
});
