// Decides, before Node commits a request to the upgrade path, whether it is a WebSocket
// upgrade for a location that allows one. Everything else stays an ordinary request.
import type { IncomingMessage } from 'node:http';
import { AMBIGUOUS, chooseLocation } from '../routing/encoded-slashes.ts';
import { normalizeHostHeader } from '../../core/config/host-matcher.ts';
import { normalizeTarget } from '../../core/config/normalize-uri.ts';
import type { CompiledLocation, Runtime } from '../runtime/types.ts';

export function wantsWebSocket(runtime: Runtime, req: IncomingMessage, entrypoint: 'http' | 'https'): boolean {
  const upgrade = req.headers.upgrade;
  if (!upgrade || !/\bwebsocket\b/i.test(upgrade)) return false;
  let target = req.url ?? '/';
  let hostSource = req.headers.host ?? '';
  const absolute = /^https?:\/\/([^/?#]*)(.*)$/i.exec(target);
  if (absolute) {
    hostSource = absolute[1]!;
    target = absolute[2] || '/';
  }
  const normalized = normalizeTarget(target);
  const host = normalizeHostHeader(hostSource);
  if (!normalized.ok || host === null) return false;
  const match = runtime.hosts[entrypoint].match(host);
  if (!match) return false;
  // The same choice as the request path makes (an ambiguous path is answered 400 there).
  const state = { path: normalized.path, decodedPath: normalized.path, keptPath: normalized.keptPath, alsoCheckedBy: null };
  const location = chooseLocation<CompiledLocation>(match.host.locations, state, (l) => l.keepEncodedSlashes);
  if (location === null || location === AMBIGUOUS) return false;
  return location.reason !== 'auto_redirect' && location.location.websocket.enabled && location.location.action.kind === 'proxy';
}
