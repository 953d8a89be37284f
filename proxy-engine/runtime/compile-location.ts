// One location → its compiled form: templates, header rules, limits, and the middleware
// chain, all resolved here so the request path decides nothing from configuration.
import type { HostConfig } from '../../core/config/host.ts';
import type { Location } from '../../core/config/location.ts';
import { mergePolicies, type Policies } from '../../core/config/policies.ts';
import { MissingAccessListError, resolveAccess, type AccessListConfig } from '../../core/config/access-list.ts';
import type { GlobalSettings } from '../../core/config/settings.ts';
import { createAccess } from '../middlewares/access/create-access.ts';
import { canonicalLocationPath, utf8Bytes } from '../../core/config/normalize-uri.ts';
import { sharedProxyRedirect, type SharedCompiled } from './shared-compiled.ts';
import { sharedIfEmptyArray, sharedIfEmptySet } from './shared-collections.ts';
import { compileTemplate, proxyTargetScope, type TemplateScope } from '../http/variables.ts';
import { checkRuleVariables } from '../http/value-rewrite.ts';
import { hostCaptureNames } from '../http/capture-names.ts';
import { compileCookieRewriter } from '../http/proxy-cookies.ts';
import { compileCharsetFilter } from '../http/charset-filter.ts';
import type { Stage } from './types.ts';
import type { CollectorPlan } from '../stats/collector.ts';
import type { TrafficCounters } from '../stats/counters.ts';
import type { CompiledAction, CompiledLocation, HeaderRule, ResponseHeaderRule } from './types.ts';
import { buildLocationChain, type PhaseDeps } from '../pipeline/phases.ts';
import { compileExpires } from './expires.ts';
import { compileResponseRules, ResponseRuleError } from './response-rules.ts';
import { compileRewriteProgram } from '../routing/rewrite-program.ts';
import { compileErrorPages, compileIntercepts } from '../pipeline/error-page-redirect.ts';
import { LocationCompileError } from './compile-error.ts';

const ONE_MIB = 1024 * 1024;
/** Hop-by-hop headers Portico manages itself; a proxy_set_header for them is ignored. */
const MANAGED_REQUEST_HEADERS = new Set(['connection', 'upgrade', 'keep-alive', 'te', 'transfer-encoding', 'proxy-connection']);

const FORWARDED_PROTO = { name: 'x-forwarded-proto', display: 'X-Forwarded-Proto' };
const PASS_HOST = { name: 'host', display: 'Host' };

export interface LocationCompileDeps extends PhaseDeps {
  /** The snapshot's access lists by id (policies.access.listId). */
  accessLists: ReadonlyMap<string, AccessListConfig>;
  settings: GlobalSettings;
  collector: Pick<CollectorPlan, 'location'>;
  /** The host's counters (limit and access stages count refusals there too). */
  hostStats?: TrafficCounters;
  /** What locations of one compile share when their settings are the same (absent: nothing shared). */
  shared?: SharedCompiled;
}

function resolveAccessOrFail(access: NonNullable<Policies['access']>, lists: ReadonlyMap<string, AccessListConfig>): Policies['access'] {
  try {
    return resolveAccess(access, lists);
  } catch (error) {
    // Loading already leaves out what names a missing list; a last-good file could still.
    if (error instanceof MissingAccessListError) throw new LocationCompileError('policies.access.listId', error.message);
    throw error;
  }
}

/** The chain of the location the request was routed to, after a guard let it pass. */
const runChosen: Stage = (ctx) => ctx.location!.handle(ctx);

/**
 * What this location enforces when it is only the location of the other reading of an
 * encoded path (routing/encoded-slashes.ts): a denying `return` answers as here; access
 * rules are checked here, then the chosen location runs.
 */
function compileGuard(location: CompiledLocation, counters: readonly { denied: number }[]): Stage | null {
  const action = location.action;
  if (action.kind === 'return') return action.status >= 400 ? location.handle : null;
  if (action.kind === 'redirect') return null;
  const guard = createAccess(location.policies.access, runChosen, counters);
  return guard === runChosen ? null : guard;
}

export function compileLocation(
  host: HostConfig,
  location: Location & { id: string },
  action: CompiledAction,
  deps: LocationCompileDeps,
): CompiledLocation {
  // The rewrite steps and `internal` belong to their own level: never inherited.
  const { rewrites: _hostRewrites, rewriteSteps: _hostSteps, internal: _hostInternal, ...hostPolicies } = host.policies;
  const merged = mergePolicies(hostPolicies, location.policies);
  // A named access list is folded in here, from the lists the snapshot carries.
  const policies = merged.access?.listId ? { ...merged, access: resolveAccessOrFail(merged.access, deps.accessLists) } : merged;
  const captureNames = hostCaptureNames(host);
  const scope: TemplateScope =
    action.kind === 'proxy'
      ? { ...proxyTargetScope(action), captureNames }
      : { captureNames };

  const proxyHeaders: HeaderRule[] = [];
  (policies.proxyHeaders ?? []).forEach((rule, i) => {
    const name = rule.name.toLowerCase();
    if (MANAGED_REQUEST_HEADERS.has(name)) return;
    checkRuleVariables(`policies.proxyHeaders.${i}.value`, [rule.value], scope);
    proxyHeaders.push({ name, display: rule.name, value: compileTemplate(utf8Bytes(rule.value), scope), remove: rule.value === '' });
  });
  // "Pass the client's Host": proxy_set_header Host $host, unless a rule names Host. First,
  // where nginx's own Host line goes.
  if (policies.passHostHeader && !proxyHeaders.some((h) => h.name === PASS_HOST.name)) {
    proxyHeaders.unshift({ ...PASS_HOST, value: compileTemplate('$host', scope), remove: false });
  }
  // The host's "tell the upstream the scheme" switch: proxy_set_header X-Forwarded-Proto
  // $scheme on every location, unless the location's own rules name the header.
  if (host.tls.forwardedProto && !proxyHeaders.some((h) => h.name === FORWARDED_PROTO.name)) {
    proxyHeaders.push({ ...FORWARDED_PROTO, value: compileTemplate('$scheme', scope), remove: false });
  }

  let responseHeaders: ResponseHeaderRule[];
  try {
    responseHeaders = compileResponseRules(policies, host, scope);
  } catch (error) {
    if (error instanceof ResponseRuleError) throw new LocationCompileError(error.path, error.message);
    throw error;
  }

  const isRegex = location.matchKind === 'REGEX' || location.matchKind === 'REGEX_ICASE';
  const timeouts = policies.timeouts;
  const compiled: CompiledLocation = {
    id: location.id,
    hostId: (host as HostConfig & { id: string }).id,
    matchKind: location.matchKind,
    path: isRegex ? location.path : canonicalLocationPath(location.path),
    action,
    keepEncodedSlashes: location.action.kind === 'proxy' && location.action.keepEncodedSlashes,
    policies,
    proxyHeaders,
    responseHeaders,
    hideHeaders: new Set((policies.responseHeaders?.hide ?? []).map((h) => h.toLowerCase())),
    passHeaders: new Set((policies.responseHeaders?.pass ?? []).map((h) => h.toLowerCase())),
    cookieRewriter: compileCookieRewriter(policies.proxyCookies, scope),
    headerBufferBytes: policies.buffering?.headerBufferBytes ?? 4096,
    maxBodyBytes: policies.maxBodyBytes ?? ONE_MIB,
    connectTimeoutMs: timeouts?.connectMs ?? 60000,
    sendTimeoutMs: timeouts?.sendMs ?? 60000,
    readTimeoutMs: timeouts?.readMs ?? 60000,
    buffering: policies.buffering?.enabled ?? true,
    // As nginx: a body of unknown length is streamed only to an HTTP/1.1 upstream.
    requestBuffering: (policies.requestBuffering?.enabled ?? true) || policies.httpVersion === '1.0',
    bodyBufferBytes: policies.requestBuffering?.memoryBytes ?? 16384,
    forceRanges: policies.forceRanges ?? false,
    websocket: policies.websocket ?? { enabled: false, idleTimeoutMs: timeouts?.readMs ?? 60000 },
    serverTokens: policies.serverTokens ?? deps.settings.serverTokens,
    redirectRewriter: action.kind === 'proxy' ? sharedProxyRedirect(policies.proxyRedirect, action, isRegex ? null : location.path, deps.shared) : null,
    expiresHeaders: compileExpires(policies.expiresMs),
    charsetFilter: compileCharsetFilter(policies.charset, host),
    handle: () => undefined,
    guard: null,
    stats: deps.collector.location(location.id, host.serverNames[0] ?? ''),
    // Only the location's own rules: the host's run earlier, before location matching.
    rewrites: compileRewriteProgram(location.policies.rewrites, location.policies.rewriteSteps, { captureNames }),
    internal: location.policies.internal ?? false,
    errorPages: compileErrorPages(policies.errorPageRules, policies.recursiveErrorPages ?? false),
    interceptsStatus: compileIntercepts(policies.interceptErrors, policies.errorPageRules),
    ignoresAccelRedirect: policies.ignoreAccelRedirect ?? false,
    source: location.action,
    captureNames,
  };
  const counters = deps.hostStats ? [deps.hostStats, compiled.stats] : [compiled.stats];
  // The middlewares and their order: pipeline/phases.ts.
  const chain = buildLocationChain({ policies, location: compiled, deps, counters });
  compiled.handle = chain;
  compiled.guard = compileGuard(compiled, counters);
  // The chain is built (its stages add header rules while building): empty collections
  // become the shared ones (runtime/shared-collections.ts).
  compiled.proxyHeaders = sharedIfEmptyArray(compiled.proxyHeaders);
  compiled.responseHeaders = sharedIfEmptyArray(compiled.responseHeaders);
  compiled.hideHeaders = sharedIfEmptySet(compiled.hideHeaders);
  if (compiled.passHeaders?.size === 0) compiled.passHeaders = undefined;
  return compiled;
}
