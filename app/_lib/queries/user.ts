// Data access for users (accounts, roles, passwords) and their API tokens, in one place.
import { z } from 'zod';
import type { Db } from '@/core/db/client.ts';
import type { Role } from '@/core/db/generated/client.ts';
import { ApiError, validationError } from '../api/errors.ts';
import { hashPassword, passwordProblem, verifyPassword } from '../auth/password.ts';
import { audit } from '../../../core/db/config-state.ts';
import type { WriteMeta } from '../../../core/db/config-state.ts';
import { serializeApiToken, type UserView, type TokenView } from '@/core/views/user.ts';

export const RoleInput = z.enum(['ADMIN', 'EDITOR', 'VIEWER']).describe('ADMIN: everything; EDITOR: change the configuration; VIEWER: read only.');

export const UserInput = z
  .object({
    email: z.string().trim().toLowerCase().email().max(254),
    password: z.string().min(1).max(256).describe('The initial password (the password policy applies).'),
    role: RoleInput.default('VIEWER'),
  })
  .describe('A new user.');

export const UserPatch = z.object({ role: RoleInput }).strict().describe('Change a user\'s role.');


export async function listUsers(db: Db): Promise<UserView[]> {
  const rows = await db.user.findMany({ orderBy: { createdAt: 'asc' }, include: { sessions: { select: { lastSeenAt: true }, orderBy: { lastSeenAt: 'desc' }, take: 1 } } });
  return rows.map((u) => ({
    id: u.id,
    email: u.email,
    role: u.role,
    createdAt: u.createdAt.toISOString(),
    passwordChangedAt: u.passwordChangedAt.toISOString(),
    lastSeenAt: u.sessions[0]?.lastSeenAt.toISOString() ?? null,
    twoFactor: u.totpEnabledAt !== null,
    singleSignOn: u.oidcSubject !== null,
  }));
}

export async function getUserOrThrow(db: Db, id: string) {
  const row = await db.user.findUnique({ where: { id } });
  if (!row) throw new ApiError('not_found', `user ${id} not found`);
  return row;
}

function checkPolicy(password: string, email: string, field: string): void {
  const problem = passwordProblem(password, email);
  if (problem) throw validationError([{ path: field, message: problem }]);
}

export async function createUser(db: Db, input: z.output<typeof UserInput>, meta: WriteMeta): Promise<UserView> {
  checkPolicy(input.password, input.email, 'password');
  const row = await db.user.create({ data: { email: input.email, role: input.role, passwordHash: await hashPassword(input.password) } });
  await audit(db, { ...meta, action: 'user.create', objectType: 'user', objectId: row.id, after: { email: row.email, role: row.role } });
  return { id: row.id, email: row.email, role: row.role, createdAt: row.createdAt.toISOString(), passwordChangedAt: row.passwordChangedAt.toISOString(), lastSeenAt: null, twoFactor: false, singleSignOn: false };
}

/** Portico always keeps one administrator: the last one can be neither demoted nor deleted. */
async function assertNotLastAdmin(db: Db, user: { id: string; role: Role }, what: string): Promise<void> {
  if (user.role !== 'ADMIN') return;
  const admins = await db.user.count({ where: { role: 'ADMIN' } });
  if (admins <= 1) throw new ApiError('conflict', `cannot ${what} the last administrator; make another user an administrator first`);
}

export async function updateUserRole(db: Db, id: string, role: Role, meta: WriteMeta): Promise<UserView> {
  const before = await getUserOrThrow(db, id);
  if (role !== 'ADMIN') await assertNotLastAdmin(db, before, 'demote');
  const row = await db.user.update({ where: { id }, data: { role } });
  await audit(db, { ...meta, action: 'user.update', objectType: 'user', objectId: id, before: { role: before.role }, after: { role: row.role } });
  return (await listUsers(db)).find((u) => u.id === id)!;
}

export async function deleteUser(db: Db, id: string, meta: WriteMeta): Promise<void> {
  if (meta.principal?.userId === id) throw new ApiError('conflict', 'you cannot delete your own account');
  const row = await getUserOrThrow(db, id);
  await assertNotLastAdmin(db, row, 'delete');
  // Sessions and tokens go with the user (cascade); audit events keep their actor text.
  await db.user.delete({ where: { id } });
  await audit(db, { ...meta, action: 'user.delete', objectType: 'user', objectId: id, before: { email: row.email, role: row.role } });
}

/**
 * Changes a password after checking the current one, and ends every session of the user:
 * a password change is how people lock out a browser they no longer trust.
 */
export async function changePassword(db: Db, userId: string, currentPassword: string, newPassword: string, meta: WriteMeta): Promise<void> {
  const user = await getUserOrThrow(db, userId);
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    await audit(db, { ...meta, action: 'user.password.failed', objectType: 'user', objectId: userId });
    throw validationError([{ path: 'currentPassword', message: 'is not your current password' }]);
  }
  checkPolicy(newPassword, user.email, 'newPassword');
  if (currentPassword === newPassword) throw validationError([{ path: 'newPassword', message: 'must differ from the current password' }]);
  const passwordHash = await hashPassword(newPassword);
  await db.$transaction([
    db.user.update({ where: { id: userId }, data: { passwordHash, passwordChangedAt: new Date(), failedLogins: 0, lockedUntil: null } }),
    db.session.deleteMany({ where: { userId } }),
  ]);
  await audit(db, { ...meta, action: 'user.password', objectType: 'user', objectId: userId });
}


/** A user's API tokens, newest first (never their secrets: only digests are stored). */
export async function listApiTokens(db: Db, userId: string): Promise<TokenView[]> {
  const rows = await db.apiToken.findMany({ where: { userId }, orderBy: { createdAt: 'desc' } });
  return rows.map(serializeApiToken);
}
