import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getDb } from '@/app/_lib/db.ts';
import { needsSetup } from '@/app/_lib/auth/bootstrap.ts';
import { SetupForm } from './setup-form.tsx';

export const metadata: Metadata = { title: 'Set up' };
export const dynamic = 'force-dynamic';

export default async function SetupPage() {
  if (!(await needsSetup(await getDb()))) redirect('/login');
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight">Welcome to Portico</h1>
      <p className="mt-1 mb-6 text-sm text-muted">
        Create the first administrator. The one-time setup token is printed in the dashboard&apos;s log (look for &ldquo;first run&rdquo;).
      </p>
      <SetupForm />
    </>
  );
}
