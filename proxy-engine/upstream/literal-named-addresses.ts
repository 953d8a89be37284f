// nginx makes every literal `proxy_pass http://name:port` an upstream of its own, and a
// proxy_pass with variables whose value is that "name:port" (any case) uses it instead of
// asking a resolver (ngx_http_upstream_init_request searches the upstreams by host and
// port). Only names matter here: an IP address is connected to directly anyway.
import net from 'node:net';

interface HostLike {
  enabled: boolean;
  locations: readonly { enabled: boolean; action: { kind: string; scheme?: string; address?: string | null } }[];
}

/** Lower-case "name:port" of the enabled literal proxy addresses that are host names. */
export function literalNamedAddresses(hosts: readonly HostLike[]): Set<string> {
  const names = new Set<string>();
  for (const host of hosts) {
    if (!host.enabled) continue;
    for (const location of host.locations) {
      const action = location.action;
      if (!location.enabled || action.kind !== 'proxy' || !action.address || action.address.startsWith('unix:')) continue;
      const m = /^([^:[\]]+)(?::(\d+))?$/.exec(action.address);
      if (!m || net.isIP(m[1]!) !== 0) continue;
      names.add(`${m[1]!.toLowerCase()}:${m[2] ?? (action.scheme === 'https' ? '443' : '80')}`);
    }
  }
  return names;
}
