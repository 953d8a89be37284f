import type { Metadata } from 'next';
import { getDb } from '@/app/_lib/db.ts';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { allows } from '@/core/auth/principal.ts';
import { getSettings } from '@/core/db/settings.ts';
import { ProxySettingsClient } from '@/components/settings/proxy-settings-client.tsx';

export const metadata: Metadata = { title: 'Proxy settings' };

export default async function ProxySettingsPage() {
  const user = await requirePageUser();
  const settings = await getSettings(await getDb());
  return <ProxySettingsClient initial={settings} readOnly={!allows(user.scope, 'admin')} />;
}
