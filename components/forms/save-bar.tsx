'use client';
// The editor's footer, kept in view: whether there is anything to save, and the actions.
import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button.tsx';

export function SaveBar({ dirty, busy, readOnly, saveLabel, onDiscard, extra, readOnlyNote = 'You can view this configuration; changing it needs the editor or admin role.' }: { dirty: boolean; busy: boolean; readOnly: boolean; saveLabel: string; onDiscard(): void; extra?: ReactNode; readOnlyNote?: string }) {
  if (readOnly) {
    return <p className="text-sm text-muted">{readOnlyNote}</p>;
  }
  return (
    <div className="sticky bottom-0 z-10 -mx-4 border-t border-border bg-background/90 px-4 py-3 backdrop-blur md:-mx-8 md:px-8">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="flex items-center gap-2 text-sm text-muted" aria-live="polite">
          <span aria-hidden className={`size-2 rounded-full ${dirty ? 'bg-warning' : 'bg-border'}`} />
          {dirty ? 'Unsaved changes' : 'No unsaved changes'}
        </p>
        <div className="flex flex-wrap items-center gap-2">
          {extra}
          <Button variant="secondary" onClick={onDiscard} disabled={!dirty || busy}>
            Discard
          </Button>
          <Button type="submit" disabled={busy}>
            {busy ? 'Saving…' : saveLabel}
          </Button>
        </div>
      </div>
    </div>
  );
}
