// Forwarding one request to an upstream pool: pick a server, send the request over a
// keep-alive connection (undici's dispatcher: the measured fast path, see
// docs/benchmarks.md), stream the response back with back-pressure, and retry on
// another server where proxy_next_upstream allows it.
import type { Readable } from 'node:stream';
import { selectionContext } from '../upstream/selection-context.ts';
import { accelBuffering, accelRedirectOf, type AccelRedirect } from '../http/accel-headers.ts';
import { followAccelRedirect } from './accel-redirect.ts';
import type { Dispatcher } from 'undici';
import type { CompiledLocation, CompiledProxy } from '../runtime/types.ts';
import { upstreamTarget } from '../routing/proxy-uri.ts';
import type { RequestContext } from '../runtime/types.ts';
import { sendError } from '../http/error-pages.ts';
import { buildUpstreamHeaders } from '../http/request-headers.ts';
import { BodyTooLarge, ClientBody, ClientBodyIncomplete, REPLAYABLE_BODY_MAX, clientBody, declaredLength, hasBody, readBody } from './request-body.ts';
import { buildClientHeaders } from '../http/response-headers.ts';
import { classifyUpstreamError, type UpstreamFailure } from '../http/upstream-errors.ts';
import { arrivedWhole } from './request-body-arrival.ts';
import { spoolClientBody, type SpooledBody } from './request-body-spool.ts';
import { InvalidUpstreamFraming, upstreamFramingProblem } from './upstream-framing.ts';
import { headTooBig } from './upstream-header-size.ts';
import { isHttp09Answer, startRawAnswer } from './http09-answer.ts';
import { isPeer, type Peer } from '../upstream/group.ts';
import { retryDecision } from './retry.ts';
import { ReadTimer, usesOwnReadTimer } from './read-timer.ts';
import { connectionOwner } from './connection-owner.ts';
import type { RequestHooks } from '../runtime/hooks.ts';
import { abortOut, bodyOut, drainOut, endOut, headersSentOut, headOut, pendingOut } from '../http/sink.ts';
import { latin1Headers, removeHeaders } from '../http/header-list.ts';

const NON_IDEMPOTENT = new Set(['POST', 'LOCK', 'PATCH']);
/** With buffering on, keep reading from the upstream until this much waits for the client. */
const BUFFERED_HIGH_WATER = 1024 * 1024;
/** A response held for a possible retry is at most this big before it is streamed after all. */
const HELD_RESPONSE_MAX = 256 * 1024;

export async function forward(ctx: RequestContext, location: CompiledLocation, action: CompiledProxy, hooks: RequestHooks = {}): Promise<void> {
  // A declared length over client_max_body_size was answered 413 when the location was
  // chosen (handler.ts); here only a body of unknown length still needs the limit.
  const limit = location.maxBodyBytes;
  const length = declaredLength(ctx);
  const retry = location.policies.retry;
  const retryPossible = action.upstream.size > 1 && (retry === undefined || retry.on.length > 0);
  let body: Buffer | ClientBody | null = null;
  let spooled: SpooledBody | null = null;
  // After an X-Accel-Redirect the body already went to the first upstream: it is not sent again.
  const bodySpent = ctx.accelRedirect !== undefined && ctx.req.readableDidRead;
  if (hasBody(ctx) && !bodySpent) {
    const stream = clientBody(ctx, limit);
    // A body read whole can be sent again on a retry; a streamed one only while no byte of
    // it has been read (nginx buffers request bodies by default for the same reason).
    if (retryPossible && length !== null && length <= REPLAYABLE_BODY_MAX) {
      try {
        body = await readBody(stream);
      } catch (error) {
        clientBodyFailed(ctx, error);
        return;
      }
    } else if (length === null ? location.requestBuffering || (await arrivedWhole(ctx)) : retryPossible) {
      // Unknown length (request buffering) or too large to hold for a retry: read whole first.
      try {
        spooled = await spoolClientBody(stream, location.bodyBufferBytes);
      } catch (error) {
        clientBodyFailed(ctx, error);
        return;
      }
      const spool = spooled;
      ctx.res.once('close', () => spool.dispose());
      if (length === null) ctx.readBodyLength = spool.length;
    } else {
      body = stream;
    }
  }
  const path = action.exactTarget ?? upstreamTarget(ctx, action.uri);
  const override = ctx.upstreamRequest;
  const headers = buildUpstreamHeaders(ctx, {
    rules: location.proxyHeaders,
    proxyHost: action.proxyHost,
    requestIdHeader: ctx.runtime.settings.requestIdHeader,
  });
  if (override) {
    // The client's own validators go (dropHeaders) before the cache's own are added.
    if (override.dropHeaders) removeHeaders(headers, override.dropHeaders);
    if (override.extraHeaders) for (const [name, value] of override.extraHeaders) headers.push(name, value);
  }
  if (spooled && length === null) headers.push('content-length', String(spooled.length));
  if (bodySpent) removeHeaders(headers, SPENT_BODY_HEADERS);
  const method = override?.method ?? ctx.method;
  // Each try reads a spooled body from its start; a streamed one of unknown length goes chunked.
  // (undici sends any async iterable chunked; its types name only streams.)
  const bodyFor = () => (spooled ? spooled.open() : length === null && body instanceof ClientBody ? (body.chunkedSource() as unknown as Readable) : body);
  const selection = selectionContext(ctx);
  const tried = new Set<string>();
  const started = performance.now();

  let last: Exclude<AttemptOutcome, 'done'> | null = null;
  for (;;) {
    const picked = action.upstream.pick(selection, tried);
    if (!isPeer(picked)) {
      // After a failed try, untried servers that are all down are nginx's "no live
      // upstreams" (502), not the failed answer; busy ones leave that answer standing.
      if (last && (picked.error === 'all_busy' || !last.heldResponse)) return respondWithFailure(ctx, last);
      if (picked.error === 'all_busy' && (await action.upstream.waitForSlot(60000))) continue;
      // nginx's $upstream_addr names the upstream when no server could be tried.
      if (!ctx.upstreamAddr) ctx.upstreamAddr = action.upstream.name;
      // Every server at max_conns (past the queue, if any) is nginx's "no live upstreams"
      // too: 502, whatever made the servers unavailable.
      ctx.upstreamStatus = 502;
      hooks.onUpstreamError?.(ctx, null, {
        kind: 'error',
        maybeSent: false,
        status: 502,
        reason: picked.error === 'all_busy' ? 'no live upstreams while connecting to upstream (every server is at max_conns)' : 'no live upstreams while connecting to upstream',
      });
      sendError(ctx, 502, { origin: { kind: 'upstream-failure', failure: 'error' } });
      return;
    }
    tried.add(picked.address);
    ctx.upstreamAddr = ctx.upstreamAddr ? `${ctx.upstreamAddr}, ${picked.address}` : picked.address;
    const outcome = await attempt(ctx, location, picked, action.upstream.dispatcher(picked, () => connectionOwner(ctx)), method, path, headers, bodyFor(), hooks);
    if (outcome === 'done') return;
    last = outcome;
    const again = retryDecision(outcome, {
      retry,
      nonIdempotent: NON_IDEMPOTENT.has(ctx.method),
      replayable: spooled !== null || body === null || Buffer.isBuffer(body) || !body.consumed,
      tries: tried.size,
      poolSize: action.upstream.size,
      elapsedMs: performance.now() - started,
      headersSent: headersSentOut(ctx),
    });
    // As nginx: a held answer counts against its server only when another server is tried
    // instead; the answer that goes to the client frees its server as a success.
    outcome.releasePeer?.(again && outcome.countsAsFailure ? 'failure' : 'success');
    if (!again) return respondWithFailure(ctx, outcome);
  }
}

/**
 * The client's body failed before it could be sent: too large (413), or cut short or
 * mis-framed. The latter is answered by whoever saw it (the listener's 400 for a parser
 * error); a client that went away or reset its stream gets nothing.
 */
function clientBodyFailed(ctx: RequestContext, error: unknown): void {
  if (error instanceof BodyTooLarge) return sendError(ctx, 413, { close: true });
  if (!(error instanceof ClientBodyIncomplete)) {
    ctx.res.destroy();
    return;
  }
  ctx.upstreamStatus ||= 499;
  if (ctx.req.httpVersionMajor >= 2) ctx.res.destroy();
}

/** The error (or its cause) that a dispatch failed with, when it was the client's body. */
function bodyError(error: unknown): BodyTooLarge | ClientBodyIncomplete | null {
  for (const e of [error, (error as { cause?: unknown } | null)?.cause]) if (e instanceof BodyTooLarge || e instanceof ClientBodyIncomplete) return e;
  return null;
}

function respondWithFailure(ctx: RequestContext, outcome: Exclude<AttemptOutcome, 'done'>): void {
  if (outcome.heldResponse) return outcome.heldResponse();
  // Portico's own error page: the standard reason, whatever an upstream said before.
  ctx.upstreamReason = undefined;
  sendError(ctx, outcome.failure.status, { origin: { kind: 'upstream-failure', failure: outcome.failure.kind } });
}

const SPENT_BODY_HEADERS: ReadonlySet<string> = new Set(['content-length', 'transfer-encoding']);

/** The result of one try: done (response sent or client gone), or a failure that may be retried. */
type AttemptOutcome =
  | 'done'
  | {
      failure: UpstreamFailure;
      /** The upstream's status when it answered with a status listed in proxy_next_upstream. */
      httpStatus?: number;
      /** Sends that held response, when no other server gets to answer. */
      heldResponse?: () => void;
      /** For a held response: frees its server once the retry decision is made. */
      releasePeer?: (outcome: 'success' | 'failure') => void;
      /** A held 500/502/503/504/429 (nginx never counts 403/404 against a server). */
      countsAsFailure?: boolean;
    };

function attempt(
  ctx: RequestContext,
  location: CompiledLocation,
  peer: Peer,
  client: Dispatcher,
  method: string,
  path: string,
  headers: string[],
  body: Buffer | Readable | null,
  hooks: RequestHooks,
): Promise<AttemptOutcome> {
  return new Promise((resolve) => {
    const { res } = ctx;
    const t0 = performance.now();
    let firstByteMs = 0;
    let settled = false;
    let controllerRef: Dispatcher.DispatchController | null = null;
    /** The client left before undici started the request: abort it as soon as it does. */
    let clientGone = false;
    const readTimer = usesOwnReadTimer(location.readTimeoutMs) ? new ReadTimer(location.readTimeoutMs, (error) => controllerRef?.abort(error)) : null;
    const finish = (outcome: AttemptOutcome) => {
      if (settled) return;
      settled = true;
      readTimer?.stop();
      res.off('close', onClientClose);
      resolve(outcome);
    };
    const onClientClose = () => {
      if (!res.writableFinished) {
        clientGone = true;
        // Settled before the abort: undici reports the abort to onResponseError at once,
        // which must not count the client's leaving against the server (max_fails).
        peer.release('success');
        ctx.upstreamStatus ||= 499;
        finish('done');
        controllerRef?.abort(new Error('client closed the connection'));
      }
    };
    res.on('close', onClientClose);
    const retryStatuses = location.policies.retry?.on;
    /** An HTTP/0.9 answer going to an HTTP/1 client byte for byte (no head). */
    let rawAnswer = false;
    let buffered = location.buffering;

    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(controller) {
        controllerRef = controller;
        if (clientGone) controller.abort(new Error('client closed the connection'));
        else readTimer?.startAfter(body);
      },
      onResponseStart(controller, statusCode, _headers, statusMessage) {
        if (statusCode < 200 && statusCode !== 101) return;
        readTimer?.read(true);
        const reason = statusMessage ?? '';
        // Mis-framed or too big a head: nothing is relayed, and aborting closes the
        // connection (no reuse).
        const raw = latin1Headers(controller.rawHeaders as (string | Buffer)[]);
        const problem = upstreamFramingProblem(raw) ?? headTooBig(reason, raw, location.headerBufferBytes);
        if (problem) {
          controller.abort(new InvalidUpstreamFraming(problem));
          return;
        }
        firstByteMs = performance.now() - t0;
        ctx.upstreamStatus = statusCode;
        if (isHttp09Answer(raw)) {
          rawAnswer = startRawAnswer(ctx);
          if (!rawAnswer) writeResponseHead(ctx, location, 200, []);
          return;
        }
        ctx.upstreamReason = { status: statusCode, text: reason };
        if (retryStatuses && retryStatuses.includes(`http_${statusCode}` as never)) {
          // Hold the response until it ends: another server may answer instead.
          held = { statusCode, reason, rawHeaders: raw, chunks: [], size: 0 };
          return;
        }
        // proxy_intercept_errors: the body is read and dropped (the connection stays reusable).
        if (location.interceptsStatus?.(statusCode)) {
          intercepted = statusCode;
          return;
        }
        // X-Accel-Redirect: the answer is dropped for an internal redirect once it has been read.
        if (!location.ignoresAccelRedirect) accel = accelRedirectOf(raw);
        if (accel) return;
        // X-Accel-Buffering: yes / no switches proxy_buffering for this answer (nginx).
        buffered = accelBuffering(raw) ?? buffered;
        writeResponseHead(ctx, location, statusCode, raw);
      },
      onResponseData(controller, chunk) {
        readTimer?.read(false);
        if (intercepted || accel) return;
        if (held) {
          held.chunks.push(chunk);
          held.size += chunk.length;
          // An error page is small; past this it is streamed and can no longer be replaced.
          if (held.size > HELD_RESPONSE_MAX) releaseHeld();
          return;
        }
        if (rawAnswer) {
          if (!ctx.res.write(chunk)) {
            controller.pause();
            ctx.res.once('drain', () => controller.resume());
          }
          return;
        }
        // Buffering off: stop reading as soon as the client falls behind. On (nginx's
        // default): keep reading into memory up to a bound, freeing the upstream sooner.
        const ok = bodyOut(ctx, chunk);
        if (!ok && (!buffered || pendingOut(ctx) > BUFFERED_HIGH_WATER)) {
          controller.pause();
          readTimer?.pause();
          drainOut(ctx, () => {
            readTimer?.read(false);
            controller.resume();
          });
        }
      },
      onResponseEnd() {
        readTimer?.stop();
        const totalMs = performance.now() - t0;
        if (intercepted || accel) {
          peer.release('success', totalMs);
          hooks.onUpstreamDone?.(ctx, peer, ctx.upstreamStatus, { connectMs: 0, firstByteMs, totalMs });
          finish('done');
          if (accel) followAccelRedirect(ctx, accel);
          else sendError(ctx, intercepted);
          return;
        }
        if (held) {
          const h = held;
          finish({
            releasePeer: (outcome) => peer.release(outcome, totalMs),
            countsAsFailure: h.statusCode >= 500 || h.statusCode === 429,
            failure: { kind: 'error', maybeSent: true, status: 502, reason: `upstream answered ${h.statusCode}` },
            httpStatus: h.statusCode,
            heldResponse: () => {
              ctx.upstreamReason = { status: h.statusCode, text: h.reason };
              writeResponseHead(ctx, location, h.statusCode, h.rawHeaders);
              for (const c of h.chunks) bodyOut(ctx, c);
              endOut(ctx);
            },
          });
          return;
        }
        // Freed before the client can see the end (as nginx frees the peer when the upstream
        // is done): its next request may reach another worker at once and must find the
        // server's max_conns slot free.
        peer.release('success', totalMs);
        if (rawAnswer) ctx.res.end();
        else endOut(ctx);
        hooks.onUpstreamDone?.(ctx, peer, ctx.upstreamStatus, { connectMs: 0, firstByteMs, totalMs });
        finish('done');
      },
      onResponseError(_controller, error) {
        if (settled) return;
        const fromClient = bodyError(error);
        if (fromClient) {
          // The client's body, not the upstream, failed: no retry, no failure counted.
          peer.release('success');
          clientBodyFailed(ctx, fromClient);
          finish('done');
          return;
        }
        const failure = classifyUpstreamError(error);
        peer.release('failure');
        hooks.onUpstreamError?.(ctx, peer, failure);
        if (headersSentOut(ctx)) {
          // Bytes already went to the client: nothing can be retried; cut the response so
          // the client sees it incomplete rather than silently truncated.
          abortOut(ctx);
          finish('done');
          return;
        }
        ctx.upstreamStatus = failure.status;
        finish({ failure });
      },
    };
    let held: { statusCode: number; reason: string; rawHeaders: (string | Buffer)[]; chunks: Buffer[]; size: number } | null = null;
    let intercepted = 0;
    let accel: AccelRedirect | null = null;
    const releaseHeld = () => {
      const h = held!;
      held = null;
      writeResponseHead(ctx, location, h.statusCode, h.rawHeaders);
      for (const c of h.chunks) bodyOut(ctx, c);
    };

    client.dispatch(
      {
        path,
        method,
        headers,
        body,
        // 0: the read timer above times it (undici's timers are up to a second late).
        headersTimeout: readTimer ? 0 : location.readTimeoutMs,
        bodyTimeout: readTimer ? 0 : location.readTimeoutMs,
        // Idempotency is decided by Portico's retry rules, not undici's.
        idempotent: false,
        blocking: true,
      },
      handler,
    );
  });
}

function writeResponseHead(ctx: RequestContext, location: CompiledLocation, status: number, rawHeaders: (string | Buffer)[]): void {
  // proxy_pass_header Date: the upstream's Date or none, never the proxy's own (nginx).
  if (location.passHeaders?.has('date')) ctx.res.sendDate = false;
  const headers = buildClientHeaders(ctx, location, status, rawHeaders, location.redirectRewriter);
  headOut(ctx, status, headers, { kind: 'upstream', rawHeaders });
}
