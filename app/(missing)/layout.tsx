import type { ReactNode } from 'react';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { DashboardShell } from '@/components/layout/dashboard-shell.tsx';

export const dynamic = 'force-dynamic';

// Addresses no page answers, in the dashboard's frame. A group of their own: the
// dashboard's loading.tsx would start the response (as 200) before the page could say
// 404; here nothing streams before notFound(), so the status is 404.
export default async function MissingLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  return <DashboardShell user={user}>{children}</DashboardShell>;
}
