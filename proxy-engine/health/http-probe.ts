// One active health check request. node:http/https rather than undici: a check needs a
// Host header of its choosing (fetch forbids it), per-request TLS settings (SNI name,
// verify, extra CA) and unix sockets, and it must leave nothing behind — `agent: false`
// gives each check its own connection that closes with it, so a stopped checker holds
// no pooled sockets and a check never queues behind proxied traffic.
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { rootCertificates } from 'node:tls';
import type { ParsedAddress } from '../../core/config/primitives.ts';
import { guardRequest, guardedRequestOptions, refusedHostError } from '../../core/net/guarded-connect.ts';

export interface ProbeSpec {
  scheme: 'http' | 'https';
  address: string;
  target: ParsedAddress;
  method: 'GET' | 'HEAD';
  path: string;
  timeoutMs: number;
  expectStatus: { min: number; max: number };
  bodyMatch: RegExp | null;
  hostHeader: string | null;
  headers: Record<string, string>;
  tls: { verify: boolean; serverName?: string | undefined; caPem?: string | undefined };
  /** Refuse link-local and metadata addresses (the SSRF guard; off when the settings allow them). */
  guard: boolean;
}

export interface ProbeResult {
  ok: boolean;
  status: number | null;
  latencyMs: number;
  /** Why the check failed, for the dashboard and the audit trail; null when it passed. */
  error: string | null;
}

/** A body match looks at the first 64 KiB, which bounds the memory a check can take. */
const BODY_LIMIT = 64 * 1024;

export function probe(spec: ProbeSpec, signal?: AbortSignal): Promise<ProbeResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (status: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ok: error === null, status, latencyMs: performance.now() - started, error });
    };
    const guard = spec.guard && spec.target.kind === 'tcp';
    const refused = guard ? refusedHostError(spec.target.host) : null;
    if (refused) return resolve({ ok: false, status: null, latencyMs: 0, error: refused.message });
    const options = requestOptions(spec, signal);
    const send = spec.scheme === 'https' ? httpsRequest : httpRequest;
    const req = send(options, (res) => {
      const status = res.statusCode ?? 0;
      if (status < spec.expectStatus.min || status > spec.expectStatus.max) {
        res.destroy();
        finish(status, `HTTP ${status} (expected ${spec.expectStatus.min}-${spec.expectStatus.max})`);
        return;
      }
      readBody(res, spec.bodyMatch !== null && spec.method !== 'HEAD', (body, error) => {
        if (error) finish(status, error);
        else if (spec.bodyMatch && spec.method !== 'HEAD' && !spec.bodyMatch.test(body)) finish(status, `body does not match ${spec.bodyMatch}`);
        else finish(status, null);
      });
    });
    const timer = setTimeout(() => {
      finish(null, `timed out after ${spec.timeoutMs} ms`);
      req.destroy();
    }, spec.timeoutMs);
    if (guard) guardRequest(req);
    req.on('error', (err: NodeJS.ErrnoException) => finish(null, err.name === 'AbortError' ? 'check cancelled' : err.code ? `${err.code}: ${err.message}` : err.message));
    req.end();
  });
}

function requestOptions(spec: ProbeSpec, signal: AbortSignal | undefined): RequestOptions & Record<string, unknown> {
  const { target } = spec;
  const defaultPort = spec.scheme === 'https' ? 443 : 80;
  const hostHeader = spec.hostHeader ?? (target.kind === 'unix' ? 'localhost' : target.port === defaultPort ? hostOf(spec.address) : spec.address);
  const options: RequestOptions & Record<string, unknown> = {
    ...(spec.guard && target.kind === 'tcp' ? guardedRequestOptions : {}),
    method: spec.method,
    path: spec.path,
    headers: { 'user-agent': 'Portico-HealthCheck/1', ...spec.headers, host: hostHeader, connection: 'close' },
    agent: false,
    signal,
  };
  if (target.kind === 'unix') options.socketPath = target.socketPath;
  else {
    options.host = target.host;
    options.port = target.port;
  }
  if (spec.scheme === 'https') {
    // Node refuses SNI with an IP address; verification then checks the IP SANs.
    const serverName = spec.tls.serverName ?? (isIP(target.host) ? undefined : target.host);
    if (serverName) options.servername = serverName;
    options.rejectUnauthorized = spec.tls.verify;
    // A `ca` option replaces Node's trust store: an extra CA must come on top of it.
    if (spec.tls.caPem) options.ca = [...rootCertificates, spec.tls.caPem];
  }
  return options;
}

/** "example.com:80" → "example.com", "[2001:db8::1]:80" → "[2001:db8::1]". */
function hostOf(address: string): string {
  const colon = address.lastIndexOf(':');
  return colon > address.lastIndexOf(']') ? address.slice(0, colon) : address;
}

function readBody(res: IncomingMessage, keep: boolean, done: (body: string, error: string | null) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const end = (error: string | null) => {
    if (finished) return;
    finished = true;
    done(Buffer.concat(chunks).toString('utf8'), error);
  };
  res.on('data', (chunk: Buffer) => {
    if (!keep) return;
    if (size < BODY_LIMIT) {
      chunks.push(chunk.subarray(0, BODY_LIMIT - size));
      size += chunk.length;
    }
    if (size >= BODY_LIMIT) {
      end(null);
      res.destroy();
    }
  });
  res.on('end', () => end(null));
  res.on('error', (err) => end(err.message));
  res.on('close', () => end(res.complete ? null : 'connection closed before the body ended'));
}
