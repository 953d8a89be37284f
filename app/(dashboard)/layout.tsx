import type { ReactNode } from 'react';
import { DashboardShell } from '@/components/layout/dashboard-shell.tsx';

export const dynamic = 'force-dynamic';

export default function DashboardLayout({ children }: { children: ReactNode }) {
  return <DashboardShell>{children}</DashboardShell>;
}
