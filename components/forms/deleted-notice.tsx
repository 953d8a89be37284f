'use client';
// On a list page after a delete in the editor: what was deleted, and whether the engine
// has applied it (a deleted host still serving would be a lie to call "done").
import { Alert } from '@/components/ui/alert.tsx';
import { useFlash } from '@/components/hooks/flash.ts';
import type { ApplyReport } from '@/components/hooks/use-apply-status.ts';

export function DeletedNotice({ flashKey }: { flashKey: string }) {
  const flash = useFlash<{ action: 'deleted'; name: string; apply: ApplyReport }>(flashKey);
  if (!flash) return null;
  const { apply, name } = flash;
  if (apply.applied) {
    return (
      <Alert tone="success" role="status" title={`Deleted ${name}`}>
        Applied{apply.applyMs != null ? ` in ${Math.max(1, Math.round(apply.applyMs))} ms` : ''}: the engine serves revision {apply.appliedRevision}.
      </Alert>
    );
  }
  return (
    <Alert tone="warning" role="status" title={`Deleted ${name}, not applied yet`}>
      {apply.appliedRevision === null ? 'The proxy engine is not running; it applies the change when it starts.' : `The engine still serves revision ${apply.appliedRevision}.`}
    </Alert>
  );
}
