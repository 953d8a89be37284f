import type { Metadata } from 'next';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { PASSWORD_MIN_LENGTH } from '@/app/_lib/auth/password.ts';
import { Badge } from '@/components/ui/badge.tsx';
import { SectionCard } from '@/components/ui/card.tsx';
import { PasswordFormClient } from '@/components/settings/password-form-client.tsx';
import { TwoFactorClient } from '@/components/settings/two-factor-client.tsx';
import { secondFactorView } from '@/app/_lib/auth/second-factor.ts';
import { getDb } from '@/app/_lib/db.ts';

export const metadata: Metadata = { title: 'Account' };

export default async function AccountPage() {
  const user = await requirePageUser();
  return (
    <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.4fr)]">
      <SectionCard title="You" description="How this dashboard knows you.">
        <dl className="space-y-3 text-sm">
          <div>
            <dt className="text-muted">Email</dt>
            <dd className="font-medium break-all">{user.email}</dd>
          </div>
          <div>
            <dt className="text-muted">Role</dt>
            <dd>
              <Badge tone="accent">{user.role.toLowerCase()}</Badge>
            </dd>
          </div>
        </dl>
      </SectionCard>
      <SectionCard title="Change password" description="Every other browser signed in as you is signed out when you change it.">
        <PasswordFormClient email={user.email} minLength={PASSWORD_MIN_LENGTH} />
      </SectionCard>
      <SectionCard title="Two-factor sign-in" description="A code from an authenticator app, asked for after your password." className="lg:col-start-2">
        <TwoFactorClient status={await secondFactorView(await getDb(), user)} />
      </SectionCard>
    </div>
  );
}
