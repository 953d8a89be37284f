// "Require two factors": a session signed in with a password by a user without a second
// factor may only enrol one (and sign out) while the setting is on. Sessions from single
// sign-on are left alone: the identity provider owns their second factor (as Gitea and
// GitLab treat OAuth sign-ins). API tokens are not sessions and keep their scope.
import type { Db } from '@/core/db/client.ts';
import { getAuthSettings } from './auth-settings.ts';
import type { Principal } from '../../../core/auth/principal.ts';

export async function withEnrolmentRequirement(db: Db, principal: Principal): Promise<Principal> {
  if (principal.via !== 'session' || principal.signInMethod !== 'password' || principal.twoFactor) return principal;
  const { requireTwoFactor } = await getAuthSettings(db);
  return requireTwoFactor ? { ...principal, enrolmentRequired: true } : principal;
}

/** The page a session that must enrol is sent to. */
export const ENROLMENT_PAGE = '/two-factor-setup';
