// Server components' view of the session: the signed-in user, or a redirect to sign in.
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { getDb } from '../db.ts';
import { needsSetup } from './bootstrap.ts';
import type { Principal } from '../../../core/auth/principal.ts';
import { SESSION_COOKIE, sessionPrincipal } from './sessions.ts';

export async function requirePageUser(): Promise<Principal> {
  const db = await getDb();
  const principal = await sessionPrincipal(db, (await cookies()).get(SESSION_COOKIE)?.value);
  if (principal) return principal;
  redirect((await needsSetup(db)) ? '/setup' : '/login');
}
