'use client';
// Database backups in the data directory: when each was taken and how big it is, a button
// to take one now (checked with an integrity check before it is listed), a download link
// for each, and restoring the configuration one holds.
import { useEffect, useState } from 'react';
import { Alert, FailureAlert } from '@/components/ui/alert.tsx';
import { Button } from '@/components/ui/button.tsx';
import { SectionCard } from '@/components/ui/card.tsx';
import { RelativeTime } from '@/components/ui/relative-time.tsx';
import { describeSize } from '@/components/forms/units.ts';
import { api, failureMessage } from '@/components/hooks/api-client.ts';
import { buttonClass } from '@/components/ui/button.tsx';
import { BackupRestore } from './backup-restore.tsx';

interface Backup {
  name: string;
  bytes: number;
  createdAt: string;
}

function size(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return describeSize(bytes);
}

export function BackupsClient({ dataDir }: { dataDir: string }) {
  const [backups, setBackups] = useState<Backup[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [restoring, setRestoring] = useState<string | null>(null);
  useEffect(() => {
    api<{ backups: Backup[] }>('GET', '/api/v1/backups')
      .then((res) => setBackups(res.backups))
      .catch((e: unknown) => setError(failureMessage(e)));
  }, []);
  async function backUp() {
    setBusy(true);
    setError(null);
    try {
      const res = await api<{ backup: Backup }>('POST', '/api/v1/backups');
      setBackups((all) => [res.backup, ...(all ?? []).filter((b) => b.name !== res.backup.name)]);
      setCreated(res.backup.name);
    } catch (e) {
      setError(failureMessage(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <SectionCard
      id="backups"
      title="Database backups"
      description="Consistent copies of the whole database: configuration, users, tokens, certificates."
      actions={
        <Button size="sm" onClick={backUp} disabled={busy}>
          {busy ? 'Backing up…' : 'Back up now'}
        </Button>
      }
    >
      <div className="space-y-3">
        <p className="text-sm text-muted">
          In <code className="font-mono text-xs break-all">{dataDir}/backups</code>; Portico also takes one before every migration. Keep <code className="font-mono text-xs">secret.key</code> with them: certificates and keys are encrypted with it.
        </p>
        {created ? (
          <Alert tone="success" role="status" title="Backed up">
            <span className="font-mono text-xs">{created}</span> passed its integrity check.
          </Alert>
        ) : null}
        <FailureAlert message={error} />
        {backups === null ? (
          error ? null : (
            <p role="status" className="text-sm text-muted">
              Loading…
            </p>
          )
        ) : backups.length === 0 ? (
          <p className="text-sm text-muted">No backups yet. Take one now, or turn on scheduled backups below.</p>
        ) : (
          <div className="-mx-4 overflow-x-auto sm:-mx-5">
            <table className="w-full text-sm">
              <thead className="text-left text-xs tracking-wide text-muted uppercase">
                <tr>
                  <th scope="col" className="px-4 py-2 font-medium sm:pl-5">File</th>
                  <th scope="col" className="hidden px-3 py-2 text-right font-medium sm:table-cell">Size</th>
                  <th scope="col" className="hidden px-3 py-2 font-medium sm:table-cell">Taken</th>
                  <th scope="col" className="px-4 py-2 text-right font-medium sm:pr-5">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {backups.map((b) => (
                  <tr key={b.name} className="border-t border-border">
                    <td className="px-4 py-2 sm:pl-5">
                      <span className="font-mono text-xs break-all">{b.name}</span>
                      {/* On a phone the size and age go under the name: three columns beside two buttons leave the name one letter wide. */}
                      <span className="mt-0.5 block text-xs text-muted sm:hidden">
                        {size(b.bytes)} · <RelativeTime iso={b.createdAt} />
                      </span>
                    </td>
                    <td className="hidden px-3 py-2 text-right whitespace-nowrap tabular-nums sm:table-cell">{size(b.bytes)}</td>
                    <td className="hidden px-3 py-2 whitespace-nowrap text-muted sm:table-cell">
                      <RelativeTime iso={b.createdAt} />
                    </td>
                    <td className="px-4 py-2 text-right sm:pr-5">
                      <div className="flex flex-col items-end gap-1.5 sm:flex-row sm:justify-end">
                        <a href={`/api/v1/backups/${encodeURIComponent(b.name)}`} download={b.name} className={buttonClass('secondary', 'sm')} aria-label={`Download ${b.name}`}>
                          Download
                        </a>
                        <Button variant="secondary" size="sm" onClick={() => setRestoring(b.name)} aria-label={`Restore the configuration of ${b.name}`}>
                          Restore…
                        </Button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {restoring ? <BackupRestore key={restoring} name={restoring} onClose={() => setRestoring(null)} /> : null}
        <p className="text-xs text-muted">
          Restoring here replaces the configuration (hosts, pools, zones, streams, settings) with the one in the backup. To put the whole database back (users, tokens, certificates), stop Portico and run <code className="font-mono">npx portico restore &lt;file&gt;</code>.
        </p>
      </div>
    </SectionCard>
  );
}
