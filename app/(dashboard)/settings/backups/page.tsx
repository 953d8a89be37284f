import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { dashboardEnv } from '@/app/_lib/env.ts';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { getDb } from '@/app/_lib/db.ts';
import { getBackupSchedule } from '@/core/db/backup-schedule.ts';
import { BackupsClient } from '@/components/settings/backups-client.tsx';
import { BackupScheduleForm } from '@/components/settings/backup-schedule-form.tsx';

export const metadata: Metadata = { title: 'Backups' };

export default async function BackupsPage() {
  const user = await requirePageUser();
  if (user.role !== 'ADMIN') redirect('/settings/account');
  const schedule = await getBackupSchedule(await getDb());
  return (
    <div className="space-y-6">
      <BackupsClient dataDir={dashboardEnv().dataDir} />
      <BackupScheduleForm initial={schedule} />
    </div>
  );
}
