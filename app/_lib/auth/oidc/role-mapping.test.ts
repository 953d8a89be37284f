import { describe, expect, it } from 'vitest';
import { mappedRole, type RoleMapping } from './role-mapping.ts';

const mapping: RoleMapping = { roleClaim: 'groups', roleValues: { ADMIN: ['portico-admins'], EDITOR: ['ops', 'dev'], VIEWER: ['staff'] }, defaultRole: null };

describe('the role a claim maps to', () => {
  const cases: { desc: string; claims: Record<string, unknown>; mapping?: Partial<RoleMapping>; expected: string | null | undefined }[] = [
    { desc: 'a list holding an admin value', claims: { groups: ['staff', 'portico-admins'] }, expected: 'ADMIN' },
    { desc: 'the highest role of several groups', claims: { groups: ['staff', 'dev'] }, expected: 'EDITOR' },
    { desc: 'a single string', claims: { groups: 'staff' }, expected: 'VIEWER' },
    { desc: 'no matching value, no default: refused', claims: { groups: ['sales'] }, expected: null },
    { desc: 'no matching value, a default', claims: { groups: ['sales'] }, mapping: { defaultRole: 'VIEWER' }, expected: 'VIEWER' },
    { desc: 'the claim missing', claims: {}, mapping: { defaultRole: 'EDITOR' }, expected: 'EDITOR' },
    { desc: 'non-string members are ignored', claims: { groups: [1, { name: 'portico-admins' }, 'ops'] }, expected: 'EDITOR' },
    { desc: 'values compare exactly (case matters)', claims: { groups: ['Portico-Admins'] }, expected: null },
    { desc: 'a dotted claim name', claims: { realm_access: { roles: ['portico-admins'] } }, mapping: { roleClaim: 'realm_access.roles' }, expected: 'ADMIN' },
    { desc: 'no role claim configured: roles not taken from the provider', claims: { groups: ['portico-admins'] }, mapping: { roleClaim: '' }, expected: undefined },
  ];
  it.each(cases)('$desc', ({ claims, mapping: override, expected }) => {
    expect(mappedRole(claims, { ...mapping, ...override })).toBe(expected);
  });
});
