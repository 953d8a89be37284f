// One flattened nginx location → a LocationInput (validated), with its action and the
// policies where it differs from its host.
import type { z } from 'zod';
import { LocationInput } from '../config/location.ts';
import type { Policies } from '../config/policies.ts';
import type { NginxDirective } from './ast.ts';
import type { ImportContext } from './import-context.ts';
import { mapAction } from './map-action.ts';
import { mapCors } from './map-cors.ts';
import { withoutStepReturns } from './map-rewrite-phase.ts';
import { buildPolicies, locationPolicies } from './map-policies.ts';
import type { FlatLocation } from './location-tree.ts';

export type Location = z.output<typeof LocationInput>;

/** Directives of a location's own rewrite phase that Portico cannot express. */
function warnUnsupportedBlocks(own: readonly NginxDirective[], ctx: ImportContext): void {
  for (const d of own) {
    if (d.name === 'limit_except') {
      ctx.warn(d, 'unsupported', `limit_except ${d.args.join(' ')} is not supported; its rules were not imported`);
      ctx.useTree(d);
    } else if (d.name === 'internal') {
      ctx.use(d);
    }
  }
}

/** A location that is not imported: its own directives are covered by the warning about it. */
function skip(own: readonly NginxDirective[], ctx: ImportContext): null {
  for (const d of own) if (d.name !== 'location') ctx.use(d);
  return null;
}

export function mapLocation(flat: FlatLocation, hostAll: Policies, baseline: Partial<Policies>, ctx: ImportContext): Location | null {
  const own = flat.scope.directives;
  // The match is checked first, so a refused location says why once, not per directive.
  const match = LocationInput.safeParse({ matchKind: flat.matchKind, path: flat.path, action: { kind: 'return', status: 200 } });
  if (!match.success) {
    ctx.warn(flat.directive, 'unsupported', `location "${flat.path}" cannot be imported: ${match.error.issues[0]?.message ?? 'invalid path'}`);
    return skip(own, ctx);
  }
  const ownCors = mapCors(own, ctx);
  warnUnsupportedBlocks(own, ctx);
  const action = mapAction({ scope: flat.scope, own: withoutStepReturns(own, ctx), location: flat.directive, regex: flat.regex }, ctx);
  if (!action) return skip(own, ctx);
  const { policies: all, cacheOff } = buildPolicies(flat.scope, ctx, ownCors, own);
  const policies = locationPolicies(all, hostAll, baseline);
  if (cacheOff && hostAll.cache) {
    ctx.warn(cacheOff, 'unsupported', "turning off a cache set for the whole server is not supported in one location; the server's cache applies");
  }
  const accessRules = own.filter((d) => d.name === 'allow' || d.name === 'deny');
  if ((action.kind === 'return' || action.kind === 'redirect') && accessRules.length > 0) {
    // nginx answers "return" in the rewrite phase, before the access phase: the rules never apply.
    for (const d of accessRules) ctx.warn(d, 'note', `never applied: "return ${action.status}" answers first (nginx runs return before access checks)`);
    if (!hostAll.access) delete policies.access;
  }

  const parsed = LocationInput.safeParse({ matchKind: flat.matchKind, path: flat.path, action, policies });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    ctx.warn(flat.directive, 'unsupported', `location "${flat.path}" cannot be imported: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
    return skip(own, ctx);
  }
  return parsed.data;
}
