// The variables auth_request_set makes: like `set`, known to every template of the
// revision (nginx declares them configuration-wide), so proxy_set_header X-User $user compiles.
import type { HostConfig } from '../../core/config/host.ts';

export function forwardAuthVariablesOf(host: Pick<HostConfig, 'policies' | 'locations'>): string[] {
  const of = (policies: HostConfig['policies']) => (policies.forwardAuth?.variables ?? []).map((v) => v.name);
  return [...of(host.policies), ...host.locations.flatMap((l) => of(l.policies))];
}
