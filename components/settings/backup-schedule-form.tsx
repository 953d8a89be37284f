'use client';
// The scheduled backup: on or off, how often, how many to keep. The controller takes them;
// only its own (…-scheduled.db) are ever deleted. The page reads the schedule.
import { useState, type FormEvent } from 'react';
import { Alert, FailureAlert } from '@/components/ui/alert.tsx';
import { Button } from '@/components/ui/button.tsx';
import { SectionCard } from '@/components/ui/card.tsx';
import { FieldShell, Input } from '@/components/ui/input.tsx';
import { Switch } from '@/components/ui/switch.tsx';
import { api, failureMessage } from '@/components/hooks/api-client.ts';
import type { BackupSchedule as Schedule } from '@/core/db/backup-schedule.ts';

export function BackupScheduleForm({ initial }: { initial: Schedule }) {
  const [schedule, setSchedule] = useState(initial);
  const [hours, setHours] = useState(String(initial.intervalHours));
  const [keep, setKeep] = useState(String(initial.keep));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const res = await api<{ schedule: Schedule }>('PUT', '/api/v1/backups/schedule', { enabled: schedule.enabled, intervalHours: Number(hours), keep: Number(keep) });
      setSchedule(res.schedule);
      setSaved(true);
    } catch (e) {
      setError(failureMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <SectionCard id="backup-schedule" title="Scheduled backups" description="Taken by Portico's background controller; manual and pre-migration backups are never deleted.">
      <form onSubmit={save} className="space-y-4">
        <Switch id="backup-enabled" checked={schedule.enabled} onChange={(enabled) => setSchedule({ ...schedule, enabled })} label="Take backups on a schedule" />
        <div className="grid gap-4 sm:grid-cols-2">
          <FieldShell id="backup-interval" label="Every" hint="Hours between two backups (24: daily).">
            {(control) => <Input {...control} type="number" min={1} max={744} value={hours} onChange={(e) => setHours(e.target.value)} disabled={!schedule.enabled} />}
          </FieldShell>
          <FieldShell id="backup-keep" label="Keep" hint="Scheduled backups kept; the oldest go first.">
            {(control) => <Input {...control} type="number" min={1} max={1000} value={keep} onChange={(e) => setKeep(e.target.value)} disabled={!schedule.enabled} />}
          </FieldShell>
        </div>
        {saved ? (
          <Alert tone="success" role="status" title="Schedule saved">
            {schedule.enabled ? `A backup every ${schedule.intervalHours} h, the newest ${schedule.keep} kept.` : 'No scheduled backups.'}
          </Alert>
        ) : null}
        <FailureAlert message={error} />
        <Button type="submit" size="sm" disabled={busy}>
          {busy ? 'Saving…' : 'Save schedule'}
        </Button>
      </form>
    </SectionCard>
  );
}
