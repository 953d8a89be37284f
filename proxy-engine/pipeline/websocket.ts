// WebSocket tunnels: the upgrade handshake is forwarded like a request (same routing,
// access rules, limits and header rules), then the two sockets are joined. A refused
// or failed upgrade gets a real HTTP response, never a silently closed socket.
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { CompiledLocation, CompiledProxy } from '../runtime/types.ts';
import { upstreamTarget } from '../routing/proxy-uri.ts';
import type { RequestContext } from '../runtime/types.ts';
import { sendError, writeHeadRaw } from '../http/error-pages.ts';
import type { RequestHooks } from '../runtime/hooks.ts';
import { buildUpstreamHeaders } from '../http/request-headers.ts';
import { buildClientHeaders } from '../http/response-headers.ts';
import { classifyUpstreamError } from '../http/upstream-errors.ts';
import { upstreamFramingProblem } from './upstream-framing.ts';
import { isPeer } from '../upstream/group.ts';
import { guardRequest, guardedLookup, guardedRequestOptions, refusedHostError } from '../../core/net/guarded-connect.ts';
import { headerFirstAgent } from '../upstream/header-first-socket.ts';
import { proxyHeader } from '../streams/proxy-protocol.ts';
import type { ConnectionOwner } from '../upstream/private-clients.ts';

const ownerHeader = (version: 'v1' | 'v2', owner: ConnectionOwner) => proxyHeader(version, owner.client, owner.server);
import { connectionOwner } from './connection-owner.ts';

const KEY = /^[A-Za-z0-9+/]{22}==$/;

/** Checks the client's handshake (RFC 6455 §4.2.1); returns a reason when it is invalid. */
export function handshakeProblem(ctx: RequestContext): string | null {
  const h = ctx.req.headers;
  if (ctx.method !== 'GET') return 'WebSocket upgrade must use GET';
  if (!/\bwebsocket\b/i.test(String(h.upgrade ?? ''))) return 'Upgrade must be websocket';
  if (h['sec-websocket-version'] !== '13') return 'Sec-WebSocket-Version must be 13';
  if (!KEY.test(String(h['sec-websocket-key'] ?? ''))) return 'Sec-WebSocket-Key is missing or malformed';
  return null;
}

export function tunnelWebSocket(ctx: RequestContext, location: CompiledLocation, action: CompiledProxy, hooks: RequestHooks = {}): Promise<void> {
  const problem = handshakeProblem(ctx);
  if (problem) {
    sendError(ctx, problem.startsWith('Sec-WebSocket-Version') ? 426 : 400, {
      headers: problem.startsWith('Sec-WebSocket-Version') ? [['Sec-WebSocket-Version', '13']] : [],
      close: true,
    });
    return Promise.resolve();
  }
  const picked = action.upstream.pick(
    { clientIp: ctx.remoteAddr, uri: ctx.requestUri, header: (n) => ctx.req.headers[n.toLowerCase()] as string | undefined, cookie: () => undefined },
    new Set(),
  );
  if (!isPeer(picked)) {
    // As nginx: no server to take it, whether down or at max_conns, is 502.
    sendError(ctx, 502, { close: true });
    return Promise.resolve();
  }
  const peer = picked;
  ctx.upstreamAddr = peer.address;
  const target = action.upstream.connectOptions(peer);
  const headers = buildUpstreamHeaders(ctx, {
    rules: location.proxyHeaders,
    proxyHost: action.proxyHost,
    requestIdHeader: ctx.runtime.settings.requestIdHeader,
    extra: [
      ['Upgrade', 'websocket'],
      ['Connection', 'Upgrade'],
    ],
  });
  const client = ctx.upgrade!.socket as Socket;
  const started = performance.now();
  const guard = target.guard && !target.socketPath;
  // An address refused as written is never connected to (the SSRF guard's first layer).
  const refused = guard ? refusedHostError(target.host) : null;
  if (refused) {
    const failure = classifyUpstreamError(refused);
    peer.release('failure', 0);
    hooks.onUpstreamError?.(ctx, peer, failure);
    sendError(ctx, failure.status, { close: true });
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    let released = false;
    const release = (outcome: 'success' | 'failure') => {
      if (!released) {
        released = true;
        peer.release(outcome, performance.now() - started);
      }
    };
    const request = (target.scheme === 'https' ? https : http).request({
      ...(guard ? guardedRequestOptions : {}),
      host: target.host,
      port: target.port || undefined,
      socketPath: target.socketPath || undefined,
      method: 'GET',
      path: action.exactTarget ?? upstreamTarget(ctx, action.uri),
      headers,
      agent: false,
      timeout: location.connectTimeoutMs,
      rejectUnauthorized: target.tlsVerify,
      servername: target.scheme === 'https' ? target.tlsServerName ?? target.host : undefined,
      ca: target.tlsCa,
      // A pool that sends the PROXY protocol: the header first (this connection is the client's alone anyway).
      ...(action.upstream.proxyProtocol && !target.socketPath ? { agent: headerFirstAgent(target.scheme, ownerHeader(action.upstream.proxyProtocol, connectionOwner(ctx)), guard ? guardedLookup : undefined) } : {}),
    });
    /** The refusal's framing was invalid: answered 502 already. */
    let misframed = false;
    request.on('timeout', () => request.destroy(Object.assign(new Error('connect timeout'), { code: 'UND_ERR_CONNECT_TIMEOUT' })));
    if (guard) guardRequest(request);
    request.on('upgrade', (response, upstream: Socket, upstreamHead: Buffer) => {
      ctx.upstreamStatus = 101;
      request.setTimeout(0);
      const lines = ['HTTP/1.1 101 Switching Protocols'];
      const raw = response.rawHeaders;
      for (let i = 0; i < raw.length; i += 2) lines.push(`${raw[i]}: ${raw[i + 1]}`);
      client.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (upstreamHead.length > 0) client.write(upstreamHead);
      if (ctx.upgrade!.head.length > 0) upstream.write(ctx.upgrade!.head);
      upstream.setNoDelay(true);
      client.setNoDelay(true);
      // An idle tunnel is closed after the configured time (nginx: proxy_read_timeout).
      const idle = location.websocket.idleTimeoutMs;
      if (idle > 0) {
        upstream.setTimeout(idle, () => upstream.destroy());
        client.setTimeout(idle, () => client.destroy());
      }
      const close = () => {
        upstream.destroy();
        client.destroy();
        release('success');
        hooks.onUpstreamDone?.(ctx, peer, 101, { connectMs: 0, firstByteMs: 0, totalMs: performance.now() - started });
        resolve();
      };
      upstream.on('error', close).on('close', close);
      client.on('error', close).on('close', close);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    request.on('response', (response) => {
      const problem = upstreamFramingProblem(response.rawHeaders);
      if (problem) {
        misframed = true;
        request.destroy();
        release('failure');
        hooks.onUpstreamError?.(ctx, peer, { kind: 'invalid_header', maybeSent: true, status: 502, reason: problem });
        sendError(ctx, 502, { close: true });
        resolve();
        return;
      }
      // The upstream refused the upgrade: relay its answer as a normal response.
      ctx.upstreamStatus = response.statusCode ?? 502;
      writeHeadRaw(ctx, ctx.upstreamStatus, [...buildClientHeaders(ctx, location, ctx.upstreamStatus, response.rawHeaders, location.redirectRewriter), 'Connection', 'close']);
      response.pipe(ctx.res as NodeJS.WritableStream);
      response.on('end', () => {
        release('success');
        resolve();
      });
      response.on('error', () => {
        ctx.res.destroy();
        release('failure');
        resolve();
      });
    });
    request.on('error', (error) => {
      if (misframed) return;
      const failure = classifyUpstreamError(error);
      release('failure');
      hooks.onUpstreamError?.(ctx, peer, failure);
      if (ctx.upstreamStatus !== 101) sendError(ctx, failure.status, { close: true });
      resolve();
    });
    client.on('close', () => {
      if (ctx.upstreamStatus !== 101) request.destroy();
    });
    request.end();
  });
}
