import type { ReactNode } from 'react';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { SettingsTabs } from '@/components/settings/settings-tabs.tsx';

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  const tabs = [
    { href: '/settings/account', label: 'Account' },
    { href: '/settings/tokens', label: 'API tokens' },
    ...(user.role === 'ADMIN' ? [{ href: '/settings/users', label: 'Users' }, { href: '/settings/sign-in', label: 'Sign-in' }] : []),
    { href: '/settings/proxy', label: 'Proxy' },
    { href: '/settings/zones', label: 'Zones' },
    { href: '/settings/acme', label: 'ACME' },
    ...(user.role === 'ADMIN' ? [{ href: '/settings/backups', label: 'Backups' }] : []),
  ];
  return (
    <div className="space-y-6">
      <PageHeader title="Settings" description="Your account, API access, the people who can use this dashboard, and how the proxy behaves." />
      <SettingsTabs tabs={tabs} />
      {children}
    </div>
  );
}
