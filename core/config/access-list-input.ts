// What the API accepts for an access list: users with plain passwords (hashed before they
// are stored, core/db/access-list.ts), rules checked as the policies' rules are.
import { z } from 'zod';
import { AccessRule } from './policies.ts';
import { AccessListConfig, AccessListName } from './access-list.ts';

const UserWrite = z.object({
  username: z
    .string()
    .min(1, 'must not be empty')
    .max(128)
    .refine((u) => !/[:\r\n\0]/.test(u), 'must not contain ":" or a line break'),
  // bcrypt reads the first 72 bytes; a longer password would match on its prefix alone.
  password: z
    .string()
    .min(1, 'must not be empty')
    .refine((p) => Buffer.byteLength(p, 'utf8') <= 72, 'must be at most 72 bytes (bcrypt reads no further)')
    .optional()
    .describe('Write-only. Left out: the stored password of this user name is kept.'),
});

const uniqueNames = (users: { username: string }[], ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  users.forEach((u, i) => {
    if (seen.has(u.username)) ctx.addIssue({ code: 'custom', path: [i, 'username'], message: `user "${u.username}" appears twice` });
    seen.add(u.username);
  });
};

const Users = z.array(UserWrite).max(1000).superRefine(uniqueNames);
const fields = AccessListConfig.shape;

export const AccessListWrite = z
  .object({
    name: AccessListName,
    rules: z.array(AccessRule).max(1000).default([]),
    realm: fields.realm,
    users: Users.default([]),
    satisfy: fields.satisfy,
  })
  .describe('An access list: allow/deny rules in order, basic-auth users (passwords write-only) and satisfy.');
export type AccessListWrite = z.output<typeof AccessListWrite>;

export const AccessListPatch = z
  .object({
    name: AccessListName.optional(),
    rules: z.array(AccessRule).max(1000).optional(),
    realm: fields.realm.unwrap().optional(),
    users: Users.optional(),
    satisfy: fields.satisfy.unwrap().optional(),
  })
  .describe('Some fields of an access list; users, when sent, replace the list (a user without a password keeps the stored one).');
export type AccessListPatch = z.output<typeof AccessListPatch>;
