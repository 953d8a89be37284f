// The role a provider's claim maps to: the claim is a string or a list of strings (Keycloak
// roles, Authentik and Azure groups); ADMIN's values are looked for first, then EDITOR's,
// then VIEWER's, so a user in several groups gets the highest role any of them grants.
import type { Role } from '@/core/db/generated/client.ts';

export interface RoleMapping {
  roleClaim: string;
  roleValues: Record<Role, string[]>;
  defaultRole: Role | null;
}

const ORDER: Role[] = ['ADMIN', 'EDITOR', 'VIEWER'];

/** A claim by name; a dotted name reaches into objects ("realm_access.roles"). */
export function claimAt(claims: Record<string, unknown>, name: string): unknown {
  if (name in claims) return claims[name];
  let value: unknown = claims;
  for (const part of name.split('.')) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function claimValues(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/**
 * The role the claims grant, the default role when they match nothing, or null when the
 * sign-in is to be refused. Without a role claim configured, roles are not taken from the
 * provider: `undefined` says so (an existing user keeps theirs, a new one gets the default).
 */
export function mappedRole(claims: Record<string, unknown>, mapping: RoleMapping): Role | null | undefined {
  if (!mapping.roleClaim) return undefined;
  const have = new Set(claimValues(claimAt(claims, mapping.roleClaim)));
  for (const role of ORDER) {
    if (mapping.roleValues[role].some((v) => have.has(v))) return role;
  }
  return mapping.defaultRole;
}
