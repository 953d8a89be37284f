// What the compiler needs to know about the rewrite module across a host: which
// locations are named ("@name", reached only by error_page, try_files, X-Accel-Redirect)
// and which variables its `set` steps make.
import type { HostConfig } from '../../core/config/host.ts';
import { NAMED_LOCATION, type Location } from '../../core/config/location.ts';
import { setVariables } from '../../core/config/rewrite-steps.ts';

export function isNamedLocation(location: Pick<Location, 'matchKind' | 'path'>): boolean {
  return location.matchKind === 'EXACT' && NAMED_LOCATION.test(location.path);
}

export function userVariablesOf(host: Pick<HostConfig, 'policies' | 'locations'>): string[] {
  return [...setVariables(host.policies.rewriteSteps), ...host.locations.flatMap((l) => setVariables(l.policies.rewriteSteps))];
}
