// The per-request entry: parse and normalise once, pick the host and the location, then
// run the location's compiled middleware chain. The runtime is read once, at the start:
// a request keeps the revision it started with, whatever reloads happen meanwhile.
import { randomBytes, randomFillSync } from 'node:crypto';
import { constants as http2Constants, type Http2ServerRequest } from 'node:http2';
import type { Socket } from 'node:net';
import { normalizeHostHeader } from '../../core/config/host-matcher.ts';
import { AMBIGUOUS, chooseLocation } from '../routing/encoded-slashes.ts';
import { INTERNAL_URI, normalizeTarget, type PathForms } from '../../core/config/normalize-uri.ts';
import type { CompiledLocation, Runtime } from '../runtime/types.ts';
import type { ClientRequest, ClientResponse, RequestContext } from '../runtime/types.ts';
import { sendError } from '../http/error-pages.ts';
import { h2HeaderProblem } from '../http/h2-header-limits.ts';
import { hasDuplicateUniqueHeader } from '../http/unique-request-headers.ts';
import { declaredLength } from './request-body.ts';
import { absoluteRedirect } from '../http/proxy-redirect.ts';
import { normalizePeerAddress, realClientAddress } from './real-ip.ts';
import { sendRedirect } from '../http/respond.ts';
import { answerReturn } from '../http/rewrite-return.ts';
import type { RewriteOutcome } from '../runtime/types.ts';
import type { RequestHooks } from '../runtime/hooks.ts';

export interface Entrypoint {
  name: 'http' | 'https';
  port: number;
  /** The other entrypoint's public port, for HTTP→HTTPS redirects. */
  httpsPort: number;
}

export interface HandlerDeps {
  current: () => Runtime;
  entrypoint: Entrypoint;
  /** The engine's request hooks (stats, logs, the ACME challenge responder). */
  hooks?: RequestHooks;
}

let requestCounter = 0;
const requestIdPrefix = randomBytes(6).toString('hex');

// The random tail of each id comes from a pool refilled 4 KiB at a time: the same CSPRNG
// as randomBytes(4), without a call into it per request (it cost ~8 % of the request
// path's CPU; docs/benchmarks.md).
const randomPool = Buffer.allocUnsafe(4096);
let randomHex = '';
let randomOffset = 0;

function randomTail(): string {
  if (randomOffset === randomHex.length) {
    randomHex = randomFillSync(randomPool).toString('hex');
    randomOffset = 0;
  }
  randomOffset += 8;
  return randomHex.slice(randomOffset - 8, randomOffset);
}

function newRequestId(): string {
  requestCounter = (requestCounter + 1) >>> 0;
  return `${requestIdPrefix}${requestCounter.toString(16).padStart(8, '0')}${randomTail()}`;
}

// real_ip_header as a req.headers key, lowercased once per settings object instead of
// once per request (a new string each time for the default X-Forwarded-For).
let realIpKeyFor: Runtime['settings'] | null = null;
let realIpKey = '';

function realIpHeaderKey(settings: Runtime['settings']): string {
  if (settings !== realIpKeyFor) {
    realIpKeyFor = settings;
    realIpKey = settings.realIpHeader.toLowerCase();
  }
  return realIpKey;
}

/** Builds the context: peer, real client address, target, Host. Returns a reason on bad input. */
export function createContext(runtime: Runtime, req: ClientRequest, res: ClientResponse, entrypoint: Entrypoint): RequestContext {
  const socket = req.socket as Socket;
  const peerAddr = normalizePeerAddress(socket.remoteAddress);
  const settings = runtime.settings;
  const real = realClientAddress(
    peerAddr,
    req.headers[realIpHeaderKey(settings)] as string | undefined,
    runtime.isTrustedProxy,
    settings.realIpRecursive,
  );
  const sentId = real.trustedPeer ? req.headers[settings.requestIdHeader.toLowerCase()] : undefined;
  const hostHeader = (req.headers[':authority'] as string | undefined) ?? req.headers.host ?? '';
  return {
    req,
    res,
    runtime,
    scheme: entrypoint.name,
    serverPort: entrypoint.port,
    peerAddr,
    peerPort: socket.remotePort ?? 0,
    remoteAddr: real.address,
    trustedPeer: real.trustedPeer,
    method: req.method ?? 'GET',
    requestUri: req.url ?? '/',
    path: '/',
    decodedPath: '/',
    keptPath: '/',
    alsoCheckedBy: null,
    query: '',
    hostHeader,
    host: '',
    requestId: typeof sentId === 'string' && /^[A-Za-z0-9._-]{1,128}$/.test(sentId) ? sentId : newRequestId(),
    startedAt: performance.now(),
    hostConfig: null,
    location: null,
    hostMatch: null,
    locationMatch: null,
    matchedPrefix: '',
    captures: undefined,
    namedCaptures: undefined,
    rewritten: false,
    internalRedirects: 0,
    responseStatus: 0,
    responseHeaders: null,
    routed: false,
    upstreamAddr: '',
    upstreamStatus: 0,
    cacheStatus: '',
    // Declared here so every context has the same shape (V8 keeps the property accesses monomorphic).
    baseline: undefined,
  };
}

function hasDuplicateHost(req: ClientRequest): boolean {
  let seen = 0;
  let authority: string | undefined;
  let host: string | undefined;
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === 4 && name.toLowerCase() === 'host') {
      if (++seen > 1) return true;
      host = raw[i + 1];
    } else if (name === ':authority') authority = raw[i + 1];
  }
  // HTTP/2: a Host that names another authority than :authority is malformed (RFC 9113 §8.3.1).
  return authority !== undefined && host !== undefined && host.toLowerCase() !== authority.toLowerCase();
}

/**
 * Resolves target, host and location into the context. Returns false when it already
 * answered (bad request, unknown host, redirect).
 */
/** HTTP/1.x: a request line longer than one buffer is 414, a longer header line or more than all buffers hold 400. */
function fitsHeaderBuffers(ctx: RequestContext, buffers: { count: number; sizeBytes: number }): boolean {
  if (ctx.requestUri.length > buffers.sizeBytes) {
    sendError(ctx, 414, { close: true });
    return false;
  }
  const raw = ctx.req.rawHeaders;
  let total = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const line = raw[i]!.length + raw[i + 1]!.length + 2;
    total += line + 2;
    if (line > buffers.sizeBytes) {
      sendError(ctx, 400, { close: true });
      return false;
    }
  }
  if (total > buffers.count * buffers.sizeBytes) {
    sendError(ctx, 400, { close: true });
    return false;
  }
  return true;
}

/** nginx ends an HTTP/2 connection whose header fields overflow its buffers: GOAWAY ENHANCE_YOUR_CALM, no response. */
function endH2Connection(ctx: RequestContext): void {
  const session = (ctx.req as unknown as Http2ServerRequest).stream?.session;
  if (session) session.destroy(undefined, http2Constants.NGHTTP2_ENHANCE_YOUR_CALM);
  else ctx.res.destroy();
}

export function route(ctx: RequestContext, entrypoint: Entrypoint): boolean {
  const { req } = ctx;
  if (req.httpVersionMajor >= 2 && h2HeaderProblem(req.rawHeaders, ctx.runtime.settings.headerBuffers) !== null) {
    endH2Connection(ctx);
    return false;
  }
  // "HTTP/2.0" in an HTTP/1 request line is not HTTP/2 (that arrives by ALPN): nginx says 505.
  if (req.httpVersionMajor !== 1 && !('stream' in req)) {
    sendError(ctx, 505, { close: true });
    return false;
  }
  if (ctx.method === 'TRACE' || ctx.method === 'CONNECT') {
    sendError(ctx, 405, { headers: [['Allow', 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS']] });
    return false;
  }
  // nginx's large_client_header_buffers (default 4 × 8k): over HTTP/1 a longer request
  // line is 414, a longer header line 400, and all headers together must fit in count ×
  // size (400); over HTTP/2 (checked first: nginx does while decoding) see h2-header-limits.ts.
  if (req.httpVersionMajor === 1 && !fitsHeaderBuffers(ctx, ctx.runtime.settings.headerBuffers)) return false;
  let target = ctx.requestUri;
  let hostSource = ctx.hostHeader;
  if (hasDuplicateHost(req) || hasDuplicateUniqueHeader(req.rawHeaders)) {
    sendError(ctx, 400, { close: true });
    return false;
  }
  // Absolute-form ("GET http://example.com/x"): the host in the target wins, as nginx.
  if (!target.startsWith('/')) {
    const m = /^https?:\/\/([^/?#]*)(.*)$/i.exec(target);
    if (!m) {
      sendError(ctx, 400, { close: true });
      return false;
    }
    hostSource = m[1]!;
    target = m[2] || '/';
    if (!target.startsWith('/')) target = `/${target}`;
    ctx.requestUri = target;
  }
  const normalized = normalizeTarget(target);
  if (!normalized.ok) {
    sendError(ctx, 400, { close: true });
    return false;
  }
  setPath(ctx, normalized);
  ctx.query = normalized.query;
  if (hostSource === '' && req.httpVersionMajor === 1 && req.httpVersionMinor === 0) {
    ctx.host = '';
  } else {
    const host = normalizeHostHeader(hostSource);
    if (host === null) {
      sendError(ctx, 400, { close: true });
      return false;
    }
    ctx.host = host;
  }
  const hosts = ctx.runtime.hosts[entrypoint.name];
  const match = hosts.match(ctx.host);
  if (!match) {
    if (ctx.runtime.settings.unknownHost === 'close') {
      // nginx's "return 444": close without a response.
      ctx.upstreamStatus = 444;
      ctx.res.destroy();
    } else {
      sendError(ctx, 404);
    }
    return false;
  }
  const host = match.host;
  ctx.hostConfig = host;
  ctx.hostMatch = match;
  // A regex server name is the first regex that matched: its captures stand until another
  // regex (a rewrite's, a regex location's) matches.
  if (match.numbered) {
    ctx.captures = match.numbered;
    ctx.namedCaptures = match.captures;
  }
  if (ctx.host === '') ctx.host = host.primaryName;
  if (entrypoint.name === 'http' && host.config.tls.forceHttps && host.entrypoints.has('https')) {
    const port = entrypoint.httpsPort === 443 ? '' : `:${entrypoint.httpsPort}`;
    sendRedirect(ctx, host.config.tls.redirectStatus, `https://${ctx.host}${port}${ctx.requestUri}`);
    return false;
  }
  if (host.serverRewrites && !applyRewrite(ctx, host.serverRewrites(ctx))) return false;
  return findLocation(ctx, host);
}

/**
 * nginx's internal redirect (try_files' last URI): the location search runs again for
 * the new URI and that location answers. Its query is what the URI says ("…?$args"
 * keeps the client's; none clears it, as nginx). More than 10 redirects is a cycle: 500.
 */
export function internalRedirect(ctx: RequestContext, uri: string): void {
  if (++ctx.internalRedirects > MAX_LOCATION_CYCLES) return sendError(ctx, 500);
  // nginx takes an internal redirect's URI as it is: "//" is not merged (only a client's target is).
  const normalized = normalizeTarget(uri, INTERNAL_URI);
  if (!normalized.ok) return sendError(ctx, 500);
  setPath(ctx, normalized);
  ctx.query = normalized.query;
  ctx.internal = true;
  if (findLocation(ctx, ctx.hostConfig!)) runLocation(ctx);
}

/**
 * nginx's named location ("@name", from error_page, try_files, X-Accel-Redirect): that
 * location runs with the URI unchanged, its rewrite steps first (a changed URI then
 * searches the ordinary locations). An unknown name is nginx's 500.
 */
export function runNamedLocation(ctx: RequestContext, name: string): void {
  const host = ctx.hostConfig!;
  const named = host.namedLocations?.get(name);
  if (!named || ++ctx.internalRedirects > MAX_LOCATION_CYCLES) return sendError(ctx, 500);
  ctx.internal = true;
  ctx.location = named;
  ctx.alsoCheckedBy = null;
  ctx.matchedPrefix = '';
  const outcome = named.rewrites ? named.rewrites(ctx) : ({ kind: 'unchanged' } as const);
  if (!applyRewrite(ctx, outcome)) return;
  if (outcome.kind === 'changed' && outcome.flag !== 'break') {
    if (findLocation(ctx, host)) runLocation(ctx);
    return;
  }
  runLocation(ctx);
}

/** A new current path, in both forms; until a location is chosen the decoded one is $uri. */
function setPath(ctx: RequestContext, forms: PathForms): void {
  ctx.path = forms.path;
  ctx.decodedPath = forms.path;
  ctx.keptPath = forms.keptPath;
}

const keepsEncodedSlashes = (location: CompiledLocation) => location.keepEncodedSlashes;

/** The location search, again after each rewrite that changes the URI (nginx: at most 10 times). */
function findLocation(ctx: RequestContext, host: NonNullable<RequestContext['hostConfig']>): boolean {
  for (let cycle = 0; cycle <= MAX_LOCATION_CYCLES; cycle++) {
    const loc = chooseLocation(host.locations, ctx, keepsEncodedSlashes);
    if (loc === AMBIGUOUS) {
      sendError(ctx, 400);
      return false;
    }
    // nginx checks client_max_body_size against Content-Length as soon as the location
    // (or, without one, the server) is chosen: return, static files and 404s answer 413 too.
    if (bodyTooLarge(ctx, loc ? loc.location.maxBodyBytes : (host.config.policies.maxBodyBytes ?? ONE_MIB))) {
      sendError(ctx, 413, { close: true });
      return false;
    }
    if (!loc) {
      sendError(ctx, 404);
      return false;
    }
    ctx.location = loc.location;
    // nginx's `internal`: only a rewritten or redirected request may use the location.
    if (loc.location.internal && !ctx.internal) {
      sendError(ctx, 404);
      return false;
    }
    ctx.locationMatch = loc;
    ctx.matchedPrefix = loc.prefix;
    // Only a regex location's match replaces the captures (nginx keeps the last regex's).
    if (loc.captures) {
      ctx.captures = loc.captures;
      if (loc.named) ctx.namedCaptures = { ...ctx.namedCaptures, ...loc.named };
    }
    if (loc.reason === 'auto_redirect') {
      sendRedirect(ctx, 301, absoluteRedirect(ctx, `${ctx.path}/${ctx.query ? `?${ctx.query}` : ''}`));
      return false;
    }
    const rewrites = loc.location.rewrites;
    if (!rewrites) return true;
    const outcome = rewrites(ctx);
    if (!applyRewrite(ctx, outcome)) return false;
    if (outcome.kind === 'unchanged' || (outcome.kind === 'changed' && outcome.flag === 'break')) return true;
  }
  // A rewrite loop: nginx gives up with 500 ("rewrite or internal redirection cycle").
  sendError(ctx, 500);
  return false;
}

export const MAX_LOCATION_CYCLES = 10;
const ONE_MIB = 1024 * 1024;

function bodyTooLarge(ctx: RequestContext, limit: number): boolean {
  if (limit === 0) return false;
  const length = declaredLength(ctx);
  return length !== null && length > limit;
}

/** Sends what a rewrite answers itself (redirects, bad results); false when it answered. */
function applyRewrite(ctx: RequestContext, outcome: RewriteOutcome): boolean {
  if (outcome.kind === 'redirect') {
    const location = outcome.location.startsWith('/') ? absoluteRedirect(ctx, outcome.location) : outcome.location;
    sendRedirect(ctx, outcome.status, location);
    return false;
  }
  if (outcome.kind === 'invalid') {
    sendError(ctx, 400);
    return false;
  }
  if (outcome.kind === 'return') {
    answerReturn(ctx, outcome);
    return false;
  }
  return true;
}

export function createRequestHandler(deps: HandlerDeps) {
  return function handleRequest(req: ClientRequest, res: ClientResponse): void {
    enterPipeline(createContext(deps.current(), req, res, deps.entrypoint), deps, res);
  };
}

/**
 * The one entry of every request, plain, HTTP/2 or a WebSocket upgrade: the request holds
 * its runtime until `closes` emits 'close' (the response, or an upgrade's socket), the
 * hooks see it start, may answer it before routing, see it routed and end; then the
 * location's phases run (pipeline/phases.ts).
 */
export function enterPipeline(ctx: RequestContext, deps: HandlerDeps, closes: { on(event: 'close', listener: () => void): unknown }): void {
  // The request holds its runtime to the end: what only that runtime uses stays open.
  const generation = ctx.runtime.generation;
  generation.hold();
  const hooks = deps.hooks;
  // `on` with a flag rather than `once`: once's wrapper (a bound function and its state,
  // then a removeListener when it fires) was ≈ 1 % of a cache HIT's time. 'close' comes
  // once for a response, an HTTP/2 response and a socket alike; the flag keeps the
  // runtime's hold released exactly once whatever happens.
  let open = true;
  closes.on('close', () => {
    if (!open) return;
    open = false;
    generation.release();
    if (hooks?.onRequestEnd) observe(() => hooks.onRequestEnd!(ctx));
  });
  if (hooks?.onRequestStart) observe(() => hooks.onRequestStart!(ctx));
  const answered = hooks?.onRequest ? answerBeforeRouting(hooks.onRequest, ctx) : false;
  if (answered === true) return;
  if (answered === false) return routeAndRun(ctx, deps);
  answered.then(
    (done) => done || routeAndRun(ctx, deps),
    (error: unknown) => {
      process.emitWarning(`request hook failed: ${(error as Error).stack ?? String(error)}`);
      routeAndRun(ctx, deps);
    },
  );
}

/** A hook that fails to answer leaves the request to routing. */
function answerBeforeRouting(onRequest: NonNullable<RequestHooks['onRequest']>, ctx: RequestContext): boolean | Promise<boolean> {
  try {
    return onRequest(ctx);
  } catch (error) {
    process.emitWarning(`request hook failed: ${(error as Error).stack ?? String(error)}`);
    return false;
  }
}

function routeAndRun(ctx: RequestContext, deps: HandlerDeps): void {
  if (ctx.res.headersSent || ctx.res.destroyed) return;
  if (!route(ctx, deps.entrypoint)) return;
  if (ctx.upgrade && !ctx.location!.websocket.enabled) {
    sendError(ctx, 400, { close: true });
    return;
  }
  ctx.routed = true;
  if (deps.hooks?.onRouted) observe(() => deps.hooks!.onRouted!(ctx));
  runLocation(ctx);
}

/** Statistics and logging must never take the proxy down: a failing observer is reported. */
export function observe(run: () => void): void {
  try {
    run();
  } catch (error) {
    process.emitWarning(`request observer failed: ${(error as Error).stack ?? String(error)}`);
  }
}

export function runLocation(ctx: RequestContext): void {
  // Either reading of an encoded path may deny: the other location's guard goes first.
  const result = (ctx.alsoCheckedBy?.guard ?? ctx.location!.handle)(ctx);
  if (result instanceof Promise) {
    result.catch((error: unknown) => {
      process.emitWarning(`request ${ctx.requestId} failed: ${(error as Error).stack ?? String(error)}`);
      sendError(ctx, 500);
    });
  }
}
