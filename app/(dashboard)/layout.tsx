import type { ReactNode } from 'react';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { DashboardShell } from '@/components/layout/dashboard-shell.tsx';
import { ServerClockProvider } from '@/components/ui/server-clock.tsx';
import { engineOnThisInstance } from '@/app/_lib/engine-client.ts';
import { NoEngineBanner } from '@/components/nodes/no-engine-banner.tsx';

export const dynamic = 'force-dynamic';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  return (
    <ServerClockProvider now={Date.now()}>
      <DashboardShell user={user}>
        {engineOnThisInstance() ? null : <NoEngineBanner />}
        {children}
      </DashboardShell>
    </ServerClockProvider>
  );
}
