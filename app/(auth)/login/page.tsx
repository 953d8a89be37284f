import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { getDb } from '@/app/_lib/db.ts';
import { needsSetup } from '@/app/_lib/auth/bootstrap.ts';
import { getAuthSettings, signInOptions } from '@/app/_lib/auth/auth-settings.ts';
import { signInErrorMessage } from '@/app/_lib/auth/oidc/sign-in-answers.ts';
import { LoginForm } from './login-form.tsx';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { error } = await searchParams;
  const db = await getDb();
  if (await needsSetup(db)) redirect('/setup');
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight">Sign in</h1>
      <p className="mt-1 mb-6 text-sm text-muted">Manage your hosts, pools and certificates.</p>
      <Suspense>
        <LoginForm options={signInOptions(await getAuthSettings(db))} error={signInErrorMessage(typeof error === 'string' ? error : undefined)} />
      </Suspense>
    </>
  );
}
