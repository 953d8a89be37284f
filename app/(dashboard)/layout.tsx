import type { ReactNode } from 'react';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { Sidebar } from '@/components/layout/sidebar.tsx';

export const dynamic = 'force-dynamic';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  return (
    <div className="md:flex">
      <Sidebar email={user.email} />
      <main className="min-w-0 flex-1 px-4 py-6 md:px-8 md:py-8">{children}</main>
    </div>
  );
}
