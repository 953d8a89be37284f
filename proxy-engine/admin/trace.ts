// The request tracer: what the engine would do with a request, computed by the engine's
// own compiled code — the same host and location matchers, the same route() checks, the
// same proxy URI and header builders — so it cannot disagree with real traffic. Nothing
// is sent upstream and no limiter or balancer state changes.
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import type { TraceInput } from '../../core/contract/trace.ts';
import { compileRules, compileFirstMatch } from '../middlewares/access/create-access.ts';
import type { ResolvedAccess } from '../../core/config/access-list.ts';
import { describeForwardAuth } from './trace-forward-auth.ts';
import { createContext, route, type Entrypoint } from '../pipeline/handler.ts';
import { buildUpstreamHeaders } from '../http/request-headers.ts';
import { upstreamTarget } from '../routing/proxy-uri.ts';
import type { Runtime } from '../runtime/types.ts';
import type { CompiledProxy } from '../runtime/types.ts';
import { describeSelection } from './trace-selection.ts';
import { describeLimits } from './trace-limits.ts';
import type { TraceDeps } from './trace-types.ts';



interface Captured {
  status: number;
  headers: string[];
  body: string;
  closed: boolean;
}

function fakeRequest(input: TraceInput, target: string, host: string, clientIp: string): IncomingMessage {
  const socket = new Socket();
  Object.defineProperty(socket, 'remoteAddress', { value: clientIp });
  Object.defineProperty(socket, 'remotePort', { value: 50000 });
  const req = new IncomingMessage(socket);
  req.method = input.method;
  req.url = target;
  req.httpVersionMajor = 1;
  req.httpVersionMinor = 1;
  req.httpVersion = '1.1';
  const raw: string[] = host ? ['Host', host] : [];
  for (const [name, value] of Object.entries(input.headers)) if (name.toLowerCase() !== 'host') raw.push(name, value);
  if (!host && input.headers.host) raw.unshift('Host', input.headers.host);
  req.rawHeaders = raw;
  for (let i = 0; i < raw.length; i += 2) req.headers[raw[i]!.toLowerCase()] = raw[i + 1]!;
  return req;
}

function capturingResponse(req: IncomingMessage, captured: Captured): ServerResponse {
  const res = new ServerResponse(req);
  res.writeHead = ((status: number, headers?: unknown) => {
    captured.status = status;
    captured.headers = Array.isArray(headers) ? (headers as string[]).map(String) : [];
    return res;
  }) as ServerResponse['writeHead'];
  res.write = ((chunk: unknown) => {
    captured.body += String(chunk ?? '');
    return true;
  }) as ServerResponse['write'];
  res.end = ((chunk?: unknown) => {
    if (chunk !== undefined && typeof chunk !== 'function') captured.body += String(chunk);
    return res;
  }) as ServerResponse['end'];
  res.destroy = (() => {
    captured.closed = true;
    return res;
  }) as ServerResponse['destroy'];
  return res;
}

export async function traceRequest(runtime: Runtime, input: TraceInput, deps: TraceDeps) {
  let scheme: 'http' | 'https' = 'http';
  let target = input.url;
  let host = '';
  const absolute = /^(https?):\/\/([^/?#]*)(.*)$/i.exec(input.url);
  if (absolute) {
    scheme = absolute[1]!.toLowerCase() as 'http' | 'https';
    host = absolute[2]!;
    target = absolute[3] || '/';
  }
  const entrypoint: Entrypoint = { name: scheme, port: scheme === 'https' ? deps.ports.https : deps.ports.http, httpsPort: deps.ports.https };
  const req = fakeRequest(input, target, host, input.clientIp);
  const captured: Captured = { status: 0, headers: [], body: '', closed: false };
  const res = capturingResponse(req, captured);
  const ctx = createContext(runtime, req, res, entrypoint);
  const routed = route(ctx, entrypoint);
  const hostMatch = ctx.hostMatch;
  const locationMatch = ctx.locationMatch;
  const result = {
    revision: runtime.revision,
    entrypoint: entrypoint.name,
    normalized: { host: ctx.host, path: ctx.path, query: ctx.query },
    clientAddress: { peer: ctx.peerAddr, client: ctx.remoteAddr, trustedPeer: ctx.trustedPeer },
    host: hostMatch
      ? { id: hostMatch.host.id, names: hostMatch.host.serverNames, matchedBy: hostMatch.reason, serverName: hostMatch.serverName }
      : null,
    location: locationMatch
      ? {
          id: locationMatch.location.id,
          matchKind: locationMatch.location.matchKind,
          path: locationMatch.location.path,
          matchedBy: locationMatch.reason,
          prefix: locationMatch.prefix,
          // The location the path read with "%2F" as data selects, when it has rules that apply too.
          alsoCheckedBy: ctx.alsoCheckedBy?.guard ? { id: ctx.alsoCheckedBy.id, matchKind: ctx.alsoCheckedBy.matchKind, path: ctx.alsoCheckedBy.path } : null,
        }
      : null,
    policies: null as unknown,
    action: null as unknown,
    response: null as unknown,
  };
  if (!routed || !ctx.location) {
    result.response = { status: captured.closed ? null : captured.status, closeConnection: captured.closed, headers: pairs(captured.headers) };
    return result;
  }
  const location = ctx.location;
  const policies = location.policies;
  // Either reading of an encoded path may deny: the other location's rules count too.
  const accessPolicies = [policies.access, ctx.alsoCheckedBy?.guard ? ctx.alsoCheckedBy.policies.access : undefined].filter((a) => a !== undefined);
  const decisions = accessPolicies.map((a) => (a.rules.length ? compileRules(a.rules)(ctx.remoteAddr) : 'none'));
  result.policies = {
    access:
      accessPolicies.length > 0
        ? {
            decision: decisions.includes('deny') ? 'deny' : decisions.includes('allow') ? 'allow' : 'none',
            basicAuth: accessPolicies.some((a) => a.basicAuth !== undefined),
            satisfy: accessPolicies[0]!.satisfy,
            list: describeAccessList(accessPolicies[0]!, ctx.remoteAddr),
          }
        : null,
    limits: describeLimits(ctx, policies, deps),
    cache: policies.cache ? { zone: policies.cache.zone, key: policies.cache.key ?? '$scheme$proxy_host$request_uri' } : null,
    maxBodyBytes: location.maxBodyBytes,
    timeouts: { connectMs: location.connectTimeoutMs, readMs: location.readTimeoutMs },
    websocket: location.websocket.enabled,
    forwardAuth: describeForwardAuth(ctx, location),
  };
  if (location.action.kind === 'proxy') {
    const resolved = location.action.resolve?.(ctx);
    if (resolved && !resolved.ok) {
      result.action = { kind: 'return', status: resolved.status };
      return result;
    }
    const action = resolved ? resolved.proxy : (location.action as CompiledProxy);
    const path = action.exactTarget ?? upstreamTarget(ctx, action.uri);
    const headers = buildUpstreamHeaders(ctx, { rules: location.proxyHeaders, proxyHost: action.proxyHost, requestIdHeader: runtime.settings.requestIdHeader });
    result.action = {
      kind: 'proxy',
      upstreamRequest: { method: ctx.method, url: `${action.scheme}://${action.proxyHost}${path}`, path, headers: pairs(headers) },
      selection: describeSelection(ctx, action, deps),
    };
    return result;
  }
  // Answers Portico makes itself are produced for real, into the capturing response
  // (through the other reading's guard, as real traffic goes).
  await (ctx.alsoCheckedBy?.guard ?? location.handle)(ctx);
  result.action = { kind: location.action.kind };
  result.response = { status: captured.closed ? null : captured.status, closeConnection: captured.closed, headers: pairs(captured.headers), body: captured.body.slice(0, 4096) };
  return result;
}

/**
 * The named access list a location uses, and whether its rules decided for this address
 * ("list"), the inline rules after them did ("inline"), or no rule matched ("none").
 */
function describeAccessList(access: ResolvedAccess, address: string): { id: string; name: string; decidedBy: 'list' | 'inline' | 'none' } | null {
  if (!access.listId || access.listName === undefined) return null;
  const index = compileFirstMatch(access.rules)(address);
  const decidedBy = index < 0 ? 'none' : index < (access.listRuleCount ?? 0) ? 'list' : 'inline';
  return { id: access.listId, name: access.listName, decidedBy };
}

function pairs(flat: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out;
}
