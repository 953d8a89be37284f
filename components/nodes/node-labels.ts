// Words for the Nodes page: roles, how long ago a node was heard from, and whether its
// engine serves the configuration's revision.
import type { NodeView } from '@/core/db/node-registry.ts';
import { plural } from '@/components/ui/plural.ts';

export const ROLE_LABELS: Record<string, string> = {
  all: 'all (dashboard, engine)',
  engine: 'engine',
  dashboard: 'dashboard',
};

/** "just now", "4 seconds ago", "3 minutes ago", "2 hours ago", "5 days ago". */
export function lastSeenLabel(iso: string, now: number): string {
  const seconds = Math.max(0, Math.floor((now - new Date(iso).getTime()) / 1000));
  if (seconds < 2) return 'just now';
  if (seconds < 60) return `${plural(seconds, 'second')} ago`;
  if (seconds < 3600) return `${plural(Math.floor(seconds / 60), 'minute')} ago`;
  if (seconds < 86400) return `${plural(Math.floor(seconds / 3600), 'hour')} ago`;
  return `${plural(Math.floor(seconds / 86400), 'day')} ago`;
}

export type RevisionState = { kind: 'none'; label: string } | { kind: 'current' } | { kind: 'behind'; label: string };

/** A dashboard-only node has no engine; an engine that serves less than the configuration's revision is behind. */
export function revisionState(node: Pick<NodeView, 'role' | 'appliedRevision' | 'status'>, desired: number): RevisionState {
  if (node.role === 'dashboard') return { kind: 'none', label: 'no engine' };
  if (node.appliedRevision === null) return { kind: 'none', label: node.status === 'up' ? 'engine not answering' : 'unknown' };
  if (node.appliedRevision < desired) return { kind: 'behind', label: `serves revision ${node.appliedRevision}; the configuration is at ${desired}` };
  return { kind: 'current' };
}
