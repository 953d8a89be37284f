// The host editor's value: the API's host input plus client-only list keys, and the
// wording the editor uses for match kinds, actions and field paths.
import { clip } from '@/core/config/messages.ts';
import { HostTls } from '@/core/config/host.ts';
import type { HostInput } from '@/core/config/host.ts';
import type { LocationInput, MatchKind } from '@/core/config/location.ts';
import type { HostView } from '@/core/views/host.ts';
import { newKey } from '@/components/forms/paths.ts';
import { POLICY_CATALOG, type PolicyKey } from '@/components/policies/catalog.ts';

export type LocationFormValue = LocationInput & { _key: string };
export type HostFormValue = Omit<HostInput, 'locations'> & { locations: LocationFormValue[] };

export interface PoolOption {
  id: string;
  name: string;
  servers: number;
}

export type ActionKind = 'proxy' | 'static' | 'redirect' | 'return';

export function defaultAction(kind: ActionKind, pools: PoolOption[]): LocationInput['action'] {
  switch (kind) {
    case 'proxy':
      return pools[0] ? { kind, scheme: 'http', poolId: pools[0].id, uri: null } : { kind, scheme: 'http', address: '', uri: null };
    case 'static':
      return { kind, root: '', index: ['index.html'], autoindex: false };
    case 'redirect':
      return { kind, status: 301, url: '' };
    case 'return':
      return { kind, status: 200, body: '', contentType: 'text/plain' };
  }
}

export function newLocation(pools: PoolOption[], path = ''): LocationFormValue {
  return { _key: newKey(), matchKind: 'PREFIX', path, enabled: true, action: defaultAction('proxy', pools), policies: {} };
}

export function blankHost(pools: PoolOption[]): HostFormValue {
  return {
    serverNames: [],
    enabled: true,
    defaultServer: false,
    entrypoints: ['http'],
    // New hosts tell their upstreams the scheme and the name the client asked for, as
    // other proxy dashboards do; the API's defaults stay nginx's (off).
    tls: HostTls.parse({ forwardedProto: true }),
    policies: { passHostHeader: true },
    errorPages: {},
    locations: [newLocation(pools, '/')],
  };
}

export function toFormValue(host: HostView): HostFormValue {
  const { id: _id, createdAt: _c, updatedAt: _u, locations, ...rest } = host;
  return { ...rest, locations: locations.map((l) => ({ ...l, _key: l.id })) } as HostFormValue;
}

export const MATCH_KINDS: { value: MatchKind; label: string; modifier: string }[] = [
  { value: 'PREFIX', label: 'Prefix', modifier: '' },
  { value: 'EXACT', label: 'Exact (=)', modifier: '=' },
  { value: 'PREFIX_NOREGEX', label: 'Prefix, skip regexes (^~)', modifier: '^~' },
  { value: 'REGEX', label: 'Regex (~)', modifier: '~' },
  { value: 'REGEX_ICASE', label: 'Regex, any case (~*)', modifier: '~*' },
];

export function modifierOf(kind: MatchKind | undefined): string {
  return MATCH_KINDS.find((k) => k.value === (kind ?? 'PREFIX'))?.modifier ?? '';
}

/** "→ pool backend", "→ http://127.0.0.1:3000/", "files from /var/www", "301 → https://…". */
export function describeAction(action: LocationInput['action'] | undefined, pools: PoolOption[]): string {
  if (!action) return 'no action';
  switch (action.kind) {
    case 'proxy': {
      const target = action.poolId
        ? `pool ${pools.find((p) => p.id === action.poolId)?.name ?? '(missing)'}`
        : `${action.scheme ?? 'http'}://${action.target ? clip(action.target) : action.address ? clip(action.address) : '…'}`;
      return `proxy → ${target}${action.uri != null ? ` (URI ${clip(action.uri)})` : ''}${action.keepEncodedSlashes ? ', keeps %2F' : ''}`;
    }
    case 'static':
      return `files from ${action.alias ? `alias ${clip(action.alias)}` : action.root ? clip(action.root) : '…'}`;
    case 'redirect':
      return `${action.status ?? 301} → ${action.url ? clip(action.url) : '…'}`;
    case 'return':
      return `return ${action.status}`;
  }
}

const FIELD_WORDS: Record<string, string> = {
  serverNames: 'Server names',
  entrypoints: 'Entrypoints',
  forceHttps: 'HTTPS redirect',
  redirectStatus: 'redirect status',
  hsts: 'HSTS',
  forwardedProto: 'X-Forwarded-Proto',
  passHostHeader: 'Host header',
  maxAgeSeconds: 'max age',
  poolId: 'pool',
  address: 'address',
  uri: 'URI part',
  keepEncodedSlashes: 'keep encoded slashes',
  url: 'redirect URL',
  path: 'path',
  matchKind: 'match kind',
  tryFiles: 'try files',
  ttlMs: 'fresh for',
  connectMs: 'connect',
  sendMs: 'send',
  readMs: 'read',
  idleTimeoutMs: 'idle timeout',
  timeoutMs: 'time budget',
  lockTimeoutMs: 'lock timeout',
  passwordHash: 'password hash',
};

function words(key: string): string {
  return FIELD_WORDS[key] ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function describeRest(parts: string[]): string {
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part === 'action' || part === 'tls') continue;
    if (part === 'policies' && parts[i + 1]) {
      out.push(POLICY_CATALOG[parts[i + 1] as PolicyKey]?.title ?? words(parts[i + 1]!));
      i++;
    } else if (/^\d+$/.test(part)) out.push(`#${Number(part) + 1}`);
    else out.push(words(part));
  }
  return out.join(' › ');
}

/** A field path as the error summary names it: "Location /api/ › Timeouts › connect". */
export function describeHostPath(value: HostFormValue, path: string): string {
  const parts = path.split('.');
  if (parts[0] === 'locations' && parts[1] !== undefined) {
    const loc = value.locations[Number(parts[1])];
    const name = `Location ${loc?.path ? clip(loc.path) : `#${Number(parts[1]) + 1}`}`;
    const rest = describeRest(parts.slice(2));
    return rest ? `${name} › ${rest}` : name;
  }
  if (parts[0] === 'policies') return `Host policies › ${describeRest(parts)}`;
  if (parts[0] === 'serverNames') return 'Server names';
  return describeRest(parts) || 'Host';
}

const POLICY_KEYS = new Set(['proxyHeaders', 'passHostHeader', 'responseHeaders', 'cache', 'rateLimits', 'connLimits', 'access', 'cors', 'securityHeaders', 'maxBodyBytes', 'timeouts', 'buffering', 'websocket', 'compression', 'retry', 'rewrites', 'rewriteSteps', 'errorPageRules', 'interceptErrors', 'recursiveErrorPages', 'ignoreAccelRedirect', 'internal', 'proxyRedirect', 'proxyCookies', 'expiresMs', 'accessLog', 'serverTokens', 'httpVersion', 'charset']);

/**
 * Where an engine error about a location belongs in the form. The engine reports the
 * effective (merged) policies of a location, sometimes without the "policies" segment
 * ("locations.1.rateLimits.0.zone"); a section the location only inherits is the host's.
 */
export function placeEngineError(path: string, value: HostFormValue): string {
  const match = /^locations\.(\d+)\.(?:policies\.)?([A-Za-z]+)(.*)$/.exec(path);
  if (!match || !POLICY_KEYS.has(match[2]!)) return path;
  const [, index, key, rest] = match;
  const own = (value.locations[Number(index)]?.policies as Record<string, unknown> | undefined)?.[key!];
  const hosts = (value.policies as Record<string, unknown> | undefined)?.[key!];
  return own === undefined && hosts !== undefined ? `policies.${key}${rest}` : `locations.${index}.policies.${key}${rest}`;
}
