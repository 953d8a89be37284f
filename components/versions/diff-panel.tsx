'use client';
// A diff between two revisions as it loads: a placeholder, the changes, or why not.
import { DiffView } from './diff-view.tsx';
import { useDiff } from './use-diff.ts';

export function DiffPanel({ from, to, empty }: { from: number; to: number; empty?: string }) {
  const diff = useDiff(from, to);
  if (!diff || diff.status === 'loading') {
    return (
      <p role="status" className="text-sm text-muted">
        Comparing revision {from} with {to}…
      </p>
    );
  }
  if (diff.status === 'error') return <p className="text-sm text-danger">{diff.message}</p>;
  return <DiffView changes={diff.changes} empty={empty} />;
}
