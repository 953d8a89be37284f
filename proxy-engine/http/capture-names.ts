// The named captures a host's templates may read. nginx makes every named group of every
// regex a variable ($sub from `server_name ~^(?<sub>.+)\.example\.com$`, $id from
// `location ~ ^/u/(?<id>\d+)`, from a rewrite's regex): the last regex that matched sets
// it, and one never set is empty. Any regex of the host can have matched before a
// location's directives run (a rewrite "last" moves between locations), so the set is the
// host's.
import type { HostConfig } from '../../core/config/host.ts';
import { namedGroups, type RewriteStep } from '../../core/config/rewrite-steps.ts';

function namesIn(regex: string, into: Set<string>): void {
  for (const name of namedGroups(regex)) into.add(name);
}

/**
 * The regexes of a level's `rewrite` steps, those inside `if` included. (An `if` regex's
 * names are user variables: core/config/rewrite-steps.ts setVariables.)
 */
function stepRewriteNames(steps: readonly RewriteStep[] | undefined, into: Set<string>): void {
  for (const step of steps ?? []) {
    if (step.kind === 'rewrite') namesIn(step.regex, into);
    else if (step.kind === 'if') for (const inner of step.steps) if (inner.kind === 'rewrite') namesIn(inner.regex, into);
  }
}

const cache = new WeakMap<HostConfig, ReadonlySet<string>>();

export function hostCaptureNames(host: HostConfig): ReadonlySet<string> {
  const known = cache.get(host);
  if (known) return known;
  const names = new Set<string>();
  for (const name of host.serverNames) if (name.startsWith('~')) namesIn(name, names);
  for (const rule of host.policies.rewrites ?? []) namesIn(rule.regex, names);
  stepRewriteNames(host.policies.rewriteSteps, names);
  for (const location of host.locations) {
    if (location.matchKind === 'REGEX' || location.matchKind === 'REGEX_ICASE') namesIn(location.path, names);
    for (const rule of location.policies.rewrites ?? []) namesIn(rule.regex, names);
    stepRewriteNames(location.policies.rewriteSteps, names);
  }
  cache.set(host, names);
  return names;
}
