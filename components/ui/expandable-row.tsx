// A table row that opens a details row beneath it (the audit log, the versions list):
// the chevron cell that toggles it, and the details row it controls.
import type { ReactNode } from 'react';
import { ChevronRightIcon } from './icons.tsx';

export function ExpandToggleCell({ expanded, controls, label, onToggle }: { expanded: boolean; controls: string; label: string; onToggle(): void }) {
  return (
    <td className="px-2 py-2">
      <button type="button" onClick={onToggle} aria-expanded={expanded} aria-controls={controls} aria-label={label} className="grid size-7 place-items-center rounded text-muted hover:bg-border/50 hover:text-foreground">
        <ChevronRightIcon size={14} className={`transition-transform ${expanded ? 'rotate-90' : ''}`} />
      </button>
    </td>
  );
}

/** The details under a row; `colSpan` covers the columns after the toggle's. */
export function ExpandedRow({ id, colSpan, children }: { id: string; colSpan: number; children: ReactNode }) {
  return (
    <tr id={id} className="border-b border-border bg-background/60">
      <td />
      <td colSpan={colSpan} className="px-3 py-3">
        {children}
      </td>
    </tr>
  );
}
