import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { secondFactorView } from '@/app/_lib/auth/second-factor.ts';
import { getDb } from '@/app/_lib/db.ts';
import { SignOutLink } from '@/components/settings/sign-out-link.tsx';
import { TwoFactorClient } from '@/components/settings/two-factor-client.tsx';

export const metadata: Metadata = { title: 'Set up two-factor sign-in' };
export const dynamic = 'force-dynamic';

// Where a session is sent when an administrator requires two factors and its user has none.
export default async function TwoFactorSetupPage() {
  const user = await requirePageUser(true);
  if (!user.enrolmentRequired) redirect('/');
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight">Two-factor sign-in</h1>
      <p className="mt-1 mb-6 text-sm text-muted">Signed in as {user.email}.</p>
      <TwoFactorClient status={await secondFactorView(await getDb(), user)} continueTo="/" />
      <div className="mt-6 border-t border-border pt-4 text-center">
        <SignOutLink />
      </div>
    </>
  );
}
