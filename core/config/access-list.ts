// Access lists: named allow/deny rules, basic-auth users and `satisfy`, attached to hosts
// and locations by `policies.access.listId` and edited once for all of them.
//
// How a list and a policy's own (inline) settings combine: as if the list's directives
// were written first at that level in nginx:
//   - rules: the list's rules, then the inline ones (first match decides, so the list wins
//     where both match an address);
//   - users: the list's users, then the inline ones, as one user file (the first entry for a
//     name wins); the realm is the inline one when the policy has its own basic auth;
//   - satisfy: the list's (a level has one `satisfy`; the list is where it is edited).
// A snapshot carries the lists its hosts use, so resolving is pure: the engine, the
// exporter and the dashboard's preview all call resolveAccess with the same lists.
import { z } from 'zod';
import { AccessRule, BasicAuthUser, type AccessPolicy } from './policies.ts';
import { Id } from './primitives.ts';

const Realm = z
  .string()
  .max(256)
  .refine((r) => !/[\x00-\x1f\x7f]/.test(r), 'must not contain control characters');

export const AccessListName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64)
  .refine((n) => !/[\x00-\x1f\x7f]/.test(n), 'must not contain control characters');

/** An access list as stored and as a snapshot carries it: passwords hashed. */
export const AccessListConfig = z
  .object({
    id: Id,
    name: AccessListName,
    rules: z.array(AccessRule).max(1000).default([]).describe('allow/deny rules in order; the first match decides.'),
    realm: Realm.default('Restricted'),
    users: z.array(BasicAuthUser).max(1000).default([]).describe('Basic-auth users (htpasswd hashes); none: no password asked.'),
    satisfy: z.enum(['all', 'any']).default('all').describe('With rules and users: all = address and password; any = either.'),
  })
  .describe('A named access list.');
export type AccessListConfig = z.output<typeof AccessListConfig>;

type Access = z.output<typeof AccessPolicy>;

/** The policy with its list's settings folded in; `listName` says which list took part (for the tracer). */
export type ResolvedAccess = Omit<Access, 'listId'> & { listId?: string; listName?: string; listRuleCount?: number };

export class MissingAccessListError extends Error {
  readonly listId: string;
  constructor(listId: string) {
    super(`access list ${listId} does not exist (deleted, or not in this snapshot)`);
    this.listId = listId;
  }
}

/**
 * The access policy to enforce: the inline policy alone, or the list's settings followed by
 * the inline ones (see the top of this file). Throws MissingAccessListError for an unknown list.
 */
export function resolveAccess(access: Access | undefined, lists: ReadonlyMap<string, AccessListConfig>): ResolvedAccess | undefined {
  if (!access?.listId) return access;
  const list = lists.get(access.listId);
  if (!list) throw new MissingAccessListError(access.listId);
  const users = [...list.users, ...(access.basicAuth?.users ?? [])];
  return {
    rules: [...list.rules, ...access.rules],
    basicAuth: users.length > 0 ? { realm: access.basicAuth?.realm ?? list.realm, users } : undefined,
    satisfy: list.satisfy,
    listId: list.id,
    listName: list.name,
    // The first this many rules are the list's: the tracer says whether the list or the inline rules decided.
    listRuleCount: list.rules.length,
  };
}

export function accessListsById(lists: readonly AccessListConfig[] | undefined): Map<string, AccessListConfig> {
  return new Map((lists ?? []).map((l) => [l.id, l]));
}
