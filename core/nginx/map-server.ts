// One `server` block → a draft host. Drafts are finished together (map-hosts.ts):
// HTTP→HTTPS redirect servers merge into their HTTPS twin, catch-all servers become the
// unknown-host setting, and default servers are settled per entrypoint.
import type { z } from 'zod';
import type { HostInput } from '../config/host.ts';
import type { Policies } from '../config/policies.ts';
import type { NginxDirective } from './ast.ts';
import type { ImportContext } from './import-context.ts';
import { type Action, mapReturn, NGINX_DEFAULT_ROOT } from './map-action.ts';
import { type Listening, mapListen, mapServerNames } from './map-listen.ts';
import { type Location, mapLocation } from './map-location.ts';
import { buildPolicies, hostPolicies, unsetBaseline } from './map-policies.ts';
import { flattenLocations } from './location-tree.ts';
import { returnAnswersFirst } from './map-rewrite-phase.ts';
import { flagArg } from './map-values.ts';
import { Scope } from './scope.ts';

export type Host = z.output<typeof HostInput>;

export interface ServerDraft {
  directive: NginxDirective;
  names: string[];
  listening: Listening;
  policies: Policies;
  locations: Location[];
  /** A server-level `return` (it answers every request before any location). */
  serverReturn: Action | null;
  /** Nameless server that only refuses requests: 'close' (444, ssl_reject_handshake) or 'not_found' (404). */
  catchAll: 'close' | 'not_found' | null;
}

const REDIRECT_TARGET = /^https:\/\/(\$host|\$server_name|\$http_host|[A-Za-z0-9.-]+)\$request_uri$/;

/** The status of a pure "send everything to https://same-host/same-uri" server, or null. */
export function httpsRedirectStatus(draft: ServerDraft): 301 | 308 | null {
  const [only] = draft.locations;
  const action = draft.serverReturn ?? (draft.locations.length === 1 && only?.matchKind === 'PREFIX' && only.path === '/' ? only.action : null);
  if (!action || action.kind !== 'redirect' || (action.status !== 301 && action.status !== 308)) return null;
  const match = REDIRECT_TARGET.exec(action.url);
  if (!match) return null;
  const host = match[1]!;
  if (host === '$server_name' && draft.names.length !== 1) return null;
  if (!host.startsWith('$') && (draft.names.length !== 1 || draft.names[0] !== host.toLowerCase())) return null;
  return action.status;
}

/** A nameless server that refuses TLS handshakes and serves nothing. */
function rejectsHandshakes(names: readonly string[], scope: Scope, ctx: ImportContext): boolean {
  const reject = scope.own('ssl_reject_handshake')[0];
  return names.length === 0 && reject !== undefined && flagArg(reject, ctx) === true && !scope.own('location', 'return').length;
}

function catchAllKind(draft: Omit<ServerDraft, 'catchAll'>): ServerDraft['catchAll'] {
  if (draft.names.length > 0) return null;
  const only = draft.serverReturn ?? (draft.locations.length === 1 && draft.locations[0]!.path === '/' ? draft.locations[0]!.action : null);
  if (only?.kind !== 'return') return null;
  return only.status === 444 ? 'close' : only.status === 404 ? 'not_found' : null;
}


/** `globalServerTokens`: the server_tokens global setting the import produces (Portico's default: off). */
export function mapServer(directive: NginxDirective, http: Scope, globalServerTokens: boolean, ctx: ImportContext): ServerDraft {
  ctx.use(directive);
  const own = directive.block ?? [];
  const scope = new Scope('server', own, http);
  const listening = mapListen(scope, ctx);
  const names = mapServerNames(scope, ctx);

  const baseline = unsetBaseline(globalServerTokens);
  const policies = hostPolicies(buildPolicies(scope, ctx, undefined, own).policies, baseline);
  // A `return` after other rewrite directives is one of the server's rewrite steps.
  const returnDirective = returnAnswersFirst(own, ctx) ? own.find((d) => d.name === 'return') : undefined;
  const serverReturn = returnDirective ? mapReturn(returnDirective, ctx, scope) : null;

  const flat = flattenLocations(own, scope, ctx);
  const locations: Location[] = [];
  const seen = new Set<string>();
  for (const f of flat) {
    if (serverReturn) {
      ctx.warn(f.directive, 'note', `never reached: the server answers every request with "return ${returnDirective!.args[0] ?? ''}" first`);
      ctx.useTree(f.directive);
      continue;
    }
    const key = `${f.matchKind} ${f.path}`;
    if (seen.has(key)) {
      ctx.warn(f.directive, 'unsupported', `duplicate location "${f.path}" (nginx refuses it); not imported`);
      ctx.useTree(f.directive);
      continue;
    }
    seen.add(key);
    const location = mapLocation(f, policies, baseline, ctx);
    if (location) locations.push(location);
  }

  if (rejectsHandshakes(names, scope, ctx)) {
    return { directive, names, listening, policies, locations, serverReturn, catchAll: 'close' };
  }
  if (serverReturn) {
    locations.push({ matchKind: 'PREFIX', path: '/', enabled: true, action: serverReturn, policies: {} });
  } else if (!locations.some((l) => (l.matchKind === 'PREFIX' || l.matchKind === 'PREFIX_NOREGEX') && l.path === '/')) {
    // nginx serves files from the root for URIs no location matches.
    const root = scope.value('root');
    if (root || flat.length === 0) {
      ctx.use(root);
      const path = root?.args[0]?.startsWith('/') ? root.args[0] : NGINX_DEFAULT_ROOT;
      if (!root) ctx.warn(directive, 'note', `no location and no root: nginx serves files from its default root, imported as a "/" location serving ${NGINX_DEFAULT_ROOT}`);
      locations.push({ matchKind: 'PREFIX', path: '/', enabled: true, action: { kind: 'static', root: path, index: ['index.html'], autoindex: false }, policies: {} });
    }
  }

  const draft = { directive, names, listening, policies, locations, serverReturn };
  return { ...draft, catchAll: catchAllKind(draft) };
}
