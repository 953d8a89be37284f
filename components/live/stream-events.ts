// The events the stats stream carried in a window of snapshots (servers leaving and
// rejoining rotation, certificate issuance and renewal), newest first, in words.
import type { StatsSnapshot } from '@/core/contract/stats.ts';
import type { StreamEvent } from '@/core/contract/stats.ts';
import type { BadgeTone } from '@/components/ui/badge.tsx';

export interface ShownEvent {
  key: string;
  at: number;
  label: string;
  tone: BadgeTone;
  text: string;
  href: string | null;
}

const LABELS: Record<StreamEvent['kind'], [string, BadgeTone]> = {
  'server.down': ['server down', 'danger'],
  'server.up': ['server up', 'success'],
  'certificate.issued': ['certificate issued', 'success'],
  'certificate.issue_failed': ['issuance failed', 'danger'],
  'certificate.renewal_started': ['renewing', 'neutral'],
  'certificate.renewed': ['certificate renewed', 'success'],
  'certificate.renewal_failed': ['renewal failed', 'danger'],
  'certificate.expiring': ['expiring', 'warning'],
  'config.rolled_back': ['rolled back', 'danger'],
};

function describe(event: StreamEvent): string {
  if (event.kind === 'config.rolled_back') {
    return `Revision ${event.watchedRevision} was undone by the health gate (revision ${event.restoredRevision} restored as ${event.rollbackRevision}): ${event.message}`;
  }
  if ('poolId' in event) {
    const how = event.source === 'active' ? 'health check' : 'passive check (failed requests)';
    const verb = event.kind === 'server.down' ? 'left rotation' : 'rejoined rotation';
    return `${event.address} ${verb} by ${how}${event.reason ? `: ${event.reason}` : ''}`;
  }
  const retry = event.nextAttemptAt ? ` Next attempt ${new Date(event.nextAttemptAt).toLocaleString()}.` : '';
  return `${event.names.join(', ')}: ${event.message}${retry}`;
}

export function streamEvents(snapshots: readonly StatsSnapshot[], limit = 50): ShownEvent[] {
  const shown: ShownEvent[] = [];
  for (let i = snapshots.length - 1; i >= 0 && shown.length < limit; i--) {
    const snapshot = snapshots[i]!;
    const events = snapshot.events ?? [];
    for (let j = events.length - 1; j >= 0 && shown.length < limit; j--) {
      const event = events[j]!;
      const [label, tone] = LABELS[event.kind];
      shown.push({
        key: `${snapshot.seq}:${j}`,
        at: event.at,
        label,
        tone,
        text: describe(event),
        href: 'poolId' in event ? `/pools/${event.poolId}` : event.kind === 'config.rolled_back' ? '/versions#health-gate' : '/certificates',
      });
    }
  }
  return shown;
}
