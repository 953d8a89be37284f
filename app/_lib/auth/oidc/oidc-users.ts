// Who a provider's sign-in is: the user linked to that subject, else the user with that
// email (only when the provider says the email is verified, or anyone could claim an
// administrator's address), else a new user when the settings allow it. The role follows
// the role claim at every sign-in when one is configured, but never demotes the last
// administrator.
import type { Db } from '@/core/db/client.ts';
import type { Role, User } from '@/core/db/generated/client.ts';
import { audit } from '../../../../core/db/config-state.ts';
import { hashPassword } from '../password.ts';
import { newSecret } from '../secrets.ts';
import { oidcSubjectOf, type StoredOidcSettings } from '../auth-settings.ts';
import { mappedRole } from './role-mapping.ts';

/** A refusal the user can read on the login page. */
export class SignInRefused extends Error {}

export async function signInUser(db: Db, oidc: StoredOidcSettings, claims: Record<string, unknown>, ip: string): Promise<User> {
  const sub = typeof claims.sub === 'string' ? claims.sub : '';
  if (!sub) throw new SignInRefused('the provider sent no subject (sub)');
  const subject = oidcSubjectOf(oidc.issuer, sub);
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  const verified = claims.email_verified === true || claims.email_verified === 'true';
  const role = mappedRole(claims, oidc);
  if (role === null) throw new SignInRefused(`your account at ${oidc.displayName} has no role in Portico (claim "${oidc.roleClaim}")`);

  let user = await db.user.findUnique({ where: { oidcSubject: subject } });
  if (!user) {
    if (!email) throw new SignInRefused(`${oidc.displayName} sent no email address (grant the "email" scope)`);
    if (!verified) throw new SignInRefused(`${oidc.displayName} does not say that ${email} is verified`);
    user = await db.user.findUnique({ where: { email } });
    if (user?.oidcSubject) throw new SignInRefused(`${email} is linked to another ${oidc.displayName} account`);
  }
  const meta = { principal: null, ip };
  if (!user) {
    if (!oidc.createUsers) throw new SignInRefused(`${email} has no Portico account; ask an administrator to create it`);
    // A password nobody knows: this user signs in through the provider.
    user = await db.user.create({ data: { email, role: role ?? oidc.defaultRole ?? 'VIEWER', passwordHash: await hashPassword(newSecret()), oidcSubject: subject } });
    await audit(db, { ...meta, action: 'user.create', objectType: 'user', objectId: user.id, after: { email: user.email, role: user.role, via: 'oidc' } });
  }
  const newRole = role && role !== user.role && !(await isLastAdmin(db, user, role)) ? role : user.role;
  const updated = await db.user.update({ where: { id: user.id }, data: { oidcSubject: subject, oidcSignedInAt: new Date(), role: newRole } });
  if (newRole !== user.role) {
    await audit(db, { ...meta, action: 'user.update', objectType: 'user', objectId: user.id, before: { role: user.role }, after: { role: newRole, via: 'oidc' } });
  }
  return updated;
}

async function isLastAdmin(db: Db, user: User, role: Role): Promise<boolean> {
  if (user.role !== 'ADMIN' || role === 'ADMIN') return false;
  return (await db.user.count({ where: { role: 'ADMIN' } })) <= 1;
}
