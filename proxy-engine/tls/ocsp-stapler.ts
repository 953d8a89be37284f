// OCSP stapling off the request path: responses are fetched in the background for every
// served certificate that names a responder, cached by certificate fingerprint (outside
// the compiled runtime, so a reload keeps them), refreshed halfway through their
// validity, and handed to handshakes from memory. A handshake never waits for a
// responder; until a good response is cached, none is stapled.
import { createHash } from 'node:crypto';
import { Agent, buildConnector, fetch } from 'undici';
import { guardConnector, guardedLookup } from '../../core/net/guarded-connect.ts';
import type { CertificateEntry } from './certificate-entry.ts';
import { ocspRequest, parseOcspResponse } from './ocsp.ts';

export type OcspFetcher = (url: string, body: Buffer) => Promise<Buffer>;

const MAX_RESPONSE_BYTES = 64 * 1024;

// The responder's URL comes from an uploaded certificate: the SSRF guard applies to it
// (and to any redirect it answers with), with no setting to turn it off.
const guardedAgent = new Agent({ connect: guardConnector(buildConnector({ lookup: guardedLookup })) });

export const fetchOcsp: OcspFetcher = async (url, body) => {
  const res = await fetch(url, {
    dispatcher: guardedAgent,
    method: 'POST',
    headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
    body: new Uint8Array(body),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`OCSP responder ${url} answered HTTP ${res.status}`);
  const data = Buffer.from(await res.arrayBuffer());
  if (data.length > MAX_RESPONSE_BYTES) throw new Error(`OCSP response from ${url} is too large`);
  return data;
};

interface Tracked {
  entry: CertificateEntry;
  response: Buffer | null;
  validUntil: number;
  failures: number;
  timer: NodeJS.Timeout | null;
  lastError: string | null;
}

export interface StaplerOptions {
  fetcher?: OcspFetcher;
  /** First retry delay after a failure (doubles up to an hour). */
  retryMs?: number;
  now?: () => number;
}

export class OcspStapler {
  private readonly tracked = new Map<string, Tracked>();
  private readonly fetcher: OcspFetcher;
  private readonly retryMs: number;
  private readonly now: () => number;
  private stopped = false;

  constructor(options: StaplerOptions = {}) {
    this.fetcher = options.fetcher ?? fetchOcsp;
    this.retryMs = options.retryMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** The certificates of the current revision: new ones are fetched, gone ones dropped. */
  track(entries: readonly CertificateEntry[]): void {
    const wanted = new Set<string>();
    for (const entry of entries) {
      if (!entry.ocspUrl || !entry.issuer) continue;
      wanted.add(entry.fingerprint);
      if (!this.tracked.has(entry.fingerprint)) {
        const tracked: Tracked = { entry, response: null, validUntil: 0, failures: 0, timer: null, lastError: null };
        this.tracked.set(entry.fingerprint, tracked);
        this.schedule(tracked, 0);
      }
    }
    for (const [fingerprint, tracked] of this.tracked) {
      if (wanted.has(fingerprint)) continue;
      if (tracked.timer) clearTimeout(tracked.timer);
      this.tracked.delete(fingerprint);
    }
  }

  /** The staple for a certificate (DER, as the OCSPRequest event passes it), or null. */
  responseFor(certificateDer: Buffer): Buffer | null {
    const tracked = this.tracked.get(createHash('sha256').update(certificateDer).digest('hex'));
    if (!tracked?.response || tracked.validUntil <= this.now()) return null;
    return tracked.response;
  }

  status(): { fingerprint: string; id: string; stapled: boolean; lastError: string | null }[] {
    return [...this.tracked.entries()].map(([fingerprint, t]) => ({ fingerprint, id: t.entry.id, stapled: t.response !== null && t.validUntil > this.now(), lastError: t.lastError }));
  }

  stop(): void {
    this.stopped = true;
    for (const tracked of this.tracked.values()) if (tracked.timer) clearTimeout(tracked.timer);
    this.tracked.clear();
  }

  private schedule(tracked: Tracked, delayMs: number): void {
    if (this.stopped) return;
    tracked.timer = setTimeout(() => void this.refresh(tracked), delayMs);
    tracked.timer.unref();
  }

  private async refresh(tracked: Tracked): Promise<void> {
    const { entry } = tracked;
    try {
      const request = ocspRequest(entry.leaf, entry.issuer!);
      const der = await this.fetcher(entry.ocspUrl!, request.der);
      const parsed = parseOcspResponse(der, request.serial);
      if (parsed.status !== 'good') throw new Error(`the OCSP responder says the certificate is ${parsed.status}`);
      const now = this.now();
      const nextUpdate = parsed.nextUpdate?.getTime() ?? now + 3600_000;
      tracked.response = der;
      tracked.validUntil = nextUpdate;
      tracked.failures = 0;
      tracked.lastError = null;
      // Refresh halfway through the response's validity, within [5 min, 1 day].
      const half = (nextUpdate - now) / 2;
      this.schedule(tracked, Math.min(86400_000, Math.max(300_000, half)));
    } catch (error) {
      tracked.failures++;
      // fetch wraps connection failures ("fetch failed"): the cause says what happened.
      const cause = (error as Error & { cause?: unknown }).cause;
      tracked.lastError = cause instanceof Error ? `${(error as Error).message}: ${cause.message}` : (error as Error).message;
      // A staple still valid keeps being served while retries go on.
      this.schedule(tracked, Math.min(3600_000, this.retryMs * 2 ** (tracked.failures - 1)));
    }
  }

  /** Resolves once every tracked certificate has a staple or a recorded failure (tests). */
  async settled(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ([...this.tracked.values()].every((t) => t.response !== null || t.lastError !== null)) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
