// The live progress of an order (what GET /api/v1/certificates/{id} shows while it runs)
// and the recorded failure, as the zod models the Certificate row's Json columns hold.
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import type { Prisma } from '../db/generated/client.ts';
import type { StepKey } from './problems.ts';

export const STEP_KEYS = ['preflight', 'account', 'order', 'challenge', 'validating', 'finalized', 'installed'] as const satisfies readonly StepKey[];

const STEP_LABELS: Record<StepKey, string> = {
  preflight: 'Checking DNS and port 80',
  account: 'ACME account ready',
  order: 'Order created',
  challenge: 'Challenge served',
  validating: 'CA validating',
  finalized: 'Certificate issued',
  installed: 'Serving the certificate',
};

export const ProgressStep = z.object({
  key: z.enum(STEP_KEYS),
  label: z.string(),
  status: z.enum(['pending', 'running', 'done', 'failed']),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  detail: z.string().nullable(),
});
export type ProgressStep = z.infer<typeof ProgressStep>;

/** What the order does once the certificate is issued: turn HTTPS on for the host it was ordered for. */
export const EnableHttps = z
  .object({
    hostId: z.string(),
    redirectHttps: z.boolean(),
    /** Who ordered it: the host change is audited in their name. */
    requestedBy: z.object({ userId: z.string(), via: z.enum(['session', 'token']), tokenName: z.string().optional() }).nullable(),
  })
  .describe('Turn HTTPS on for this host when the certificate is issued (and redirect HTTP to HTTPS if asked).');
export type EnableHttps = z.infer<typeof EnableHttps>;

export const CertificateProgress = z
  .object({
    kind: z.enum(['issue', 'renewal', 'upload']),
    directoryUrl: z.string().nullable(),
    email: z.string().nullable(),
    enableHttps: EnableHttps.optional(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    steps: z.array(ProgressStep),
  })
  .describe('Progress of the current (or last) order: one entry per step.');
export type CertificateProgress = z.infer<typeof CertificateProgress>;

export const CertificateError = z
  .object({
    code: z.string(),
    message: z.string().describe('What went wrong and what to do, in plain language.'),
    step: z.enum(STEP_KEYS),
    domain: z.string().optional(),
    problem: z.record(z.string(), z.unknown()).optional().describe("The CA's problem document (RFC 7807), when the CA refused."),
    retryAfter: z.string().optional(),
    attempts: z.number().int(),
    at: z.string(),
    nextAttemptAt: z.string().optional(),
  })
  .describe('The last failure of this certificate.');
export type CertificateError = z.infer<typeof CertificateError>;

/** DNS-01 checks and publishes other things than HTTP-01 under the same steps. */
const DNS01_LABELS: Partial<Record<StepKey, string>> = {
  preflight: 'Checking the DNS provider',
  challenge: 'TXT records published',
};

export function newProgress(kind: CertificateProgress['kind'], directoryUrl: string | null, email: string | null, enableHttps?: EnableHttps, challenge: 'http-01' | 'dns-01' = 'http-01'): CertificateProgress {
  return {
    kind,
    directoryUrl,
    email,
    ...(enableHttps ? { enableHttps } : {}),
    startedAt: null,
    finishedAt: null,
    steps: STEP_KEYS.map((key) => ({ key, label: (challenge === 'dns-01' ? DNS01_LABELS[key] : undefined) ?? STEP_LABELS[key], status: 'pending', startedAt: null, finishedAt: null, detail: null })),
  };
}

export function parseProgress(value: unknown): CertificateProgress | null {
  const parsed = CertificateProgress.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function parseError(value: unknown): CertificateError | null {
  const parsed = CertificateError.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export interface ProgressTracker {
  progress: CertificateProgress;
  /** Runs one step, recording running → done (with a detail) or failed. */
  run<T>(key: StepKey, fn: () => Promise<T>, detail?: (result: T) => string | null): Promise<T>;
  /** The step that was running when something failed. */
  current(): StepKey;
  finish(): Promise<void>;
}

export function createTracker(db: Db, certificateId: string, progress: CertificateProgress): ProgressTracker {
  let writes: Promise<unknown> = Promise.resolve();
  let current: StepKey = 'preflight';
  // Writes are chained so the stored progress never goes backwards.
  const save = () => {
    const snapshot = structuredClone(progress) as unknown as Prisma.InputJsonValue;
    writes = writes.then(() => db.certificate.update({ where: { id: certificateId }, data: { progress: snapshot } }).catch(() => undefined));
    return writes;
  };
  const stepOf = (key: StepKey) => progress.steps.find((s) => s.key === key)!;
  progress.startedAt = new Date().toISOString();
  void save();
  return {
    progress,
    async run(key, fn, detail) {
      current = key;
      const step = stepOf(key);
      step.status = 'running';
      step.startedAt = new Date().toISOString();
      void save();
      try {
        const result = await fn();
        step.status = 'done';
        step.detail = detail?.(result) ?? null;
        return result;
      } catch (error) {
        step.status = 'failed';
        throw error;
      } finally {
        step.finishedAt = new Date().toISOString();
        void save();
      }
    },
    current: () => current,
    async finish() {
      progress.finishedAt = new Date().toISOString();
      await save();
    },
  };
}
