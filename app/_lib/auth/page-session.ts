// Server components' view of the session: the signed-in user, or a redirect to sign in
// (or to enrol a second factor, when an administrator requires one and the user has none).
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { getDb } from '../db.ts';
import { needsSetup } from './bootstrap.ts';
import { ENROLMENT_PAGE, withEnrolmentRequirement } from './enrolment.ts';
import type { Principal } from '../../../core/auth/principal.ts';
import { SESSION_COOKIE, sessionPrincipal } from './sessions.ts';

/** `duringEnrolment`: the page is the enrolment page itself. */
export async function requirePageUser(duringEnrolment = false): Promise<Principal> {
  const db = await getDb();
  const session = await sessionPrincipal(db, (await cookies()).get(SESSION_COOKIE)?.value);
  const principal = session && (await withEnrolmentRequirement(db, session));
  if (principal) {
    if (principal.enrolmentRequired && !duringEnrolment) redirect(ENROLMENT_PAGE);
    return principal;
  }
  redirect((await needsSetup(db)) ? '/setup' : '/login');
}
