// nginx has no named access lists: a host or location that uses one is exported with the
// list's directives written out at its level (allow/deny, satisfy, auth_basic with a
// generated user file), folded in exactly as the engine folds them (resolveAccess).
import type { z } from 'zod';
import type { HostInput } from '../config/host.ts';
import type { Policies } from '../config/policies.ts';
import { accessListsById, resolveAccess, type AccessListConfig } from '../config/access-list.ts';

type Host = z.output<typeof HostInput>;

function inline(policies: Policies, lists: ReadonlyMap<string, AccessListConfig>): Policies {
  if (!policies.access?.listId) return policies;
  const { listId: _listId, listName: _listName, listRuleCount: _count, ...access } = resolveAccess(policies.access, lists)!;
  return { ...policies, access };
}

export function withAccessListsInline(host: Host, accessLists: readonly AccessListConfig[] | undefined): Host {
  const lists = accessListsById(accessLists);
  return {
    ...host,
    policies: inline(host.policies, lists),
    locations: host.locations.map((location) => ({ ...location, policies: inline(location.policies, lists) })),
  };
}
