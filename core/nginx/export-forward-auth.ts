// The forward-auth policy as nginx writes it: `auth_request` to an internal location per
// distinct policy of a server (`location = /_portico_auth_N { internal; proxy_pass …; }`,
// the importer's own pattern read backwards), `auth_request_set` for the variables, and
// for each copied answer header a variable plus a proxy_set_header line.
import type { ForwardAuthPolicy } from '../config/forward-auth.ts';
import type { Policies } from '../config/policies.ts';
import { type NginxNode, blockNode, node } from './config-writer.ts';
import type { Groups } from './export-policy-env.ts';
import { formatDuration } from './nginx-values.ts';

/** The internal locations the exporter writes: the importer leaves them out again. */
export const EXPORTED_AUTH_LOCATION = /^\/_portico_auth_\d+$/;

/** The auth locations of one server, one per distinct policy. */
export class AuthLocations {
  readonly #uris = new Map<string, { uri: string; policy: ForwardAuthPolicy }>();

  uriFor(policy: ForwardAuthPolicy): string {
    const key = JSON.stringify(policy);
    let entry = this.#uris.get(key);
    if (!entry) {
      entry = { uri: `/_portico_auth_${this.#uris.size}`, policy };
      this.#uris.set(key, entry);
    }
    return entry.uri;
  }

  nodes(poolName: (id: string) => string): NginxNode[] {
    return [...this.#uris.values()].map(({ uri, policy }) => {
      const target = policy.poolId ? poolName(policy.poolId) : policy.address!;
      const timeout = formatDuration(policy.timeoutMs ?? 60000, 'msec');
      return blockNode('location', ['=', uri], [
        node('internal'),
        node('proxy_pass', `${policy.scheme ?? 'http'}://${target}${policy.path ?? '/'}`),
        // The subrequest carries no body; without these nginx announces the client's length.
        node('proxy_pass_request_body', 'off'),
        node('proxy_set_header', 'Content-Length', ''),
        ...(policy.requestHeaders ?? []).map((h) => node('proxy_set_header', h.name, h.value)),
        node('proxy_connect_timeout', timeout),
        node('proxy_read_timeout', timeout),
      ]);
    });
  }
}

const copiedVariable = (header: string) => `portico_auth_${header.toLowerCase().replace(/-/g, '_')}`;

/** auth_request / auth_request_set, and the copied headers' proxy_set_header lines. */
export function forwardAuthGroups(p: Policies, locations: Pick<AuthLocations, 'uriFor'> | undefined, groups: Groups): void {
  const policy = p.forwardAuth;
  if (!policy || !locations) return;
  if (policy.enabled === false) {
    groups.set('auth_request', [node('auth_request', 'off')]);
    return;
  }
  const copied = policy.copyHeaders ?? [];
  groups.set('auth_request', [
    node('auth_request', locations.uriFor(policy)),
    ...(policy.variables ?? []).map((v) => node('auth_request_set', `$${v.name}`, v.value)),
    ...copied.map((h) => node('auth_request_set', `$${copiedVariable(h)}`, `$upstream_http_${h.toLowerCase().replace(/-/g, '_')}`)),
  ]);
  if (copied.length > 0) groups.set('proxy_set_header', [...(groups.get('proxy_set_header') ?? []), ...copied.map((h) => node('proxy_set_header', h, `$${copiedVariable(h)}`))]);
}
