// The named captures a host's templates may read. nginx makes every named group of every
// regex a variable ($sub from `server_name ~^(?<sub>.+)\.example\.com$`, $id from
// `location ~ ^/u/(?<id>\d+)`, from a rewrite's regex): the last regex that matched sets
// it, and one never set is empty. Any regex of the host can have matched before a
// location's directives run (a rewrite "last" moves between locations), so the set is the
// host's.
import type { HostConfig } from '../../core/config/host.ts';

const NAMED_GROUP = /\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/g;

function namesIn(regex: string, into: Set<string>): void {
  for (const m of regex.matchAll(NAMED_GROUP)) into.add(m[1]!);
}

const cache = new WeakMap<HostConfig, ReadonlySet<string>>();

export function hostCaptureNames(host: HostConfig): ReadonlySet<string> {
  const known = cache.get(host);
  if (known) return known;
  const names = new Set<string>();
  for (const name of host.serverNames) if (name.startsWith('~')) namesIn(name, names);
  for (const rule of host.policies.rewrites ?? []) namesIn(rule.regex, names);
  for (const location of host.locations) {
    if (location.matchKind === 'REGEX' || location.matchKind === 'REGEX_ICASE') namesIn(location.path, names);
    for (const rule of location.policies.rewrites ?? []) namesIn(rule.regex, names);
  }
  cache.set(host, names);
  return names;
}
