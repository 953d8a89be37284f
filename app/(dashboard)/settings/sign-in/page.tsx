import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getDb } from '@/app/_lib/db.ts';
import { authSettingsView, getAuthSettings, oidcRedirectUri } from '@/app/_lib/auth/auth-settings.ts';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { SignInSettingsClient } from '@/components/settings/sign-in-settings-client.tsx';

export const metadata: Metadata = { title: 'Sign-in' };

export default async function SignInSettingsPage() {
  const user = await requirePageUser();
  if (user.role !== 'ADMIN') redirect('/settings/account');
  const h = await headers();
  const origin = `${h.get('x-forwarded-proto') === 'https' ? 'https' : 'http'}://${h.get('host') ?? ''}`;
  return <SignInSettingsClient settings={authSettingsView(await getAuthSettings(await getDb()), origin)} redirectUri={oidcRedirectUri(origin)} />;
}
