// acme-client's HTTP transport, made honest. acme-client 5.4 shares one axios instance
// per process and has sharp edges this module owns:
//  - a TLS or network error surfaces as "Cannot read properties of undefined (reading
//    'config')": agents here record the real socket error for the order being run;
//  - it retries 429 and 5xx answers itself, sleeping for the Retry-After (hours for a rate
//    limit): retries are switched off, Portico's scheduler retries with its own backoff;
//  - it throws only the problem's detail text: a response interceptor keeps the whole
//    problem document (type, subproblems, Retry-After) for the plain-language message.
// A private or test CA (PORTICO_ACME_CA_FILE) is trusted next to the system roots.
// The directory URL is user-given (per order): the SSRF guard applies to every connection
// (link-local and cloud metadata addresses are refused, loopback and private ones are not).
import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import * as acme from 'acme-client';
import { guardedLookup, refusedHostError, refusedPeer, RefusedAddressError } from '../net/guarded-connect.ts';
import type { AcmeProblem, TransportCapture } from './problems.ts';

const captures = new AsyncLocalStorage<TransportCapture>();

function record(error: Error & { code?: string }): void {
  const capture = captures.getStore();
  if (capture && !capture.transport) capture.transport = error;
}

type Created = (err: Error | null, stream: Duplex) => void;

/** The SSRF guard's first and third layers (the agents' `lookup` option is the second). */
function guardedConnection(options: http.ClientRequestArgs, callback: Created | undefined, create: () => Duplex | null | undefined): Duplex | null | undefined {
  const refused = refusedHostError(options.host ?? options.hostname ?? '');
  if (refused) {
    record(refused);
    process.nextTick(() => callback?.(refused, undefined as unknown as Duplex));
    return undefined;
  }
  const socket = create();
  socket?.once('error', record);
  socket?.once('connect', () => {
    const why = refusedPeer(socket as import('node:net').Socket);
    if (why) socket.destroy(new RefusedAddressError(why));
  });
  return socket;
}

class RecordingHttpsAgent extends https.Agent {
  override createConnection(options: http.ClientRequestArgs, callback?: Created): Duplex | null | undefined {
    return guardedConnection(options, callback, () => super.createConnection(options, callback));
  }
}

class RecordingHttpAgent extends http.Agent {
  override createConnection(options: http.ClientRequestArgs, callback?: Created): Duplex | null | undefined {
    return guardedConnection(options, callback, () => super.createConnection(options, callback));
  }
}

interface AcmeAxiosSettings {
  acmeSettings: { retryMaxAttempts: number; retryDefaultDelay: number };
}

function problemOf(data: unknown): AcmeProblem | null {
  if (!data || typeof data !== 'object') return null;
  const value = data as Record<string, unknown>;
  if (typeof value.type === 'string' && value.type.includes(':')) return value as unknown as AcmeProblem;
  // An order, authorization or challenge object that turned invalid carries its problem.
  if (value.status === 'invalid' && value.error && typeof value.error === 'object') return value.error as AcmeProblem;
  if (Array.isArray(value.challenges)) {
    for (const challenge of value.challenges as Record<string, unknown>[]) {
      if (challenge.status === 'invalid' && challenge.error) return challenge.error as AcmeProblem;
    }
  }
  return null;
}

function retryAfterIso(header: unknown): string | null {
  if (typeof header !== 'string' || header === '') return null;
  const seconds = Number(header);
  const at = Number.isFinite(seconds) ? Date.now() + seconds * 1000 : Date.parse(header);
  return Number.isFinite(at) ? new Date(at).toISOString() : null;
}

const state = globalThis as unknown as { porticoAcmeTransport?: string };

/** Configures the shared transport once per process (the CA file may differ per process). */
export function configureAcmeTransport(extraCa: string | null): void {
  const key = extraCa ?? '';
  if (state.porticoAcmeTransport === key) return;
  state.porticoAcmeTransport = key;
  const axios = acme.axios;
  (axios.defaults as unknown as AcmeAxiosSettings).acmeSettings.retryMaxAttempts = 0;
  axios.defaults.timeout = 30_000;
  axios.defaults.httpsAgent = new RecordingHttpsAgent({ lookup: guardedLookup, ...(extraCa ? { ca: [...tls.rootCertificates, extraCa] } : {}) });
  axios.defaults.httpAgent = new RecordingHttpAgent({ lookup: guardedLookup });
  axios.interceptors.request.use((config) => {
    const capture = captures.getStore();
    // What the next failure means is decided by the last request only.
    if (capture) {
      capture.url = config.url ?? null;
      capture.transport = null;
      capture.problem = null;
      capture.retryAfter = null;
    }
    return config;
  });
  axios.interceptors.response.use((response) => {
    const capture = captures.getStore();
    const problem = problemOf(response.data);
    if (capture && (response.status >= 400 || problem)) {
      capture.problem = problem ?? { type: 'about:blank', detail: `HTTP ${response.status}`, status: response.status };
      capture.retryAfter = retryAfterIso(response.headers['retry-after']);
    }
    return response;
  });
}

/** Runs `fn` with a fresh capture; `capture()` reads what the transport saw so far. */
export function withTransportCapture<T>(fn: (capture: () => TransportCapture) => Promise<T>): Promise<T> {
  const capture: TransportCapture = { problem: null, retryAfter: null, transport: null, url: null };
  return captures.run(capture, () => fn(() => capture));
}

/** Clears a problem that was dealt with (a retried badNonce, an expected 404). */
export function clearCapturedProblem(): void {
  const capture = captures.getStore();
  if (capture) {
    capture.problem = null;
    capture.retryAfter = null;
  }
}
