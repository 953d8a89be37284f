// Whether the live numbers are live: connected, catching up, or unavailable.
import { Badge } from '@/components/ui/badge.tsx';
import type { StreamStatus } from '@/components/hooks/use-stats-stream.ts';

const LABELS: Record<StreamStatus, { tone: 'success' | 'warning' | 'danger' | 'neutral'; text: string; title: string }> = {
  live: { tone: 'success', text: 'Live', title: 'Updating every second from the engine' },
  connecting: { tone: 'neutral', text: 'Connecting…', title: 'Opening the statistics stream' },
  reconnecting: { tone: 'warning', text: 'Reconnecting…', title: 'The stream was interrupted; it resumes where it left off' },
  unavailable: { tone: 'danger', text: 'Engine unavailable', title: 'The proxy engine is not answering; retrying every few seconds' },
};

export function StreamBadge({ status }: { status: StreamStatus }) {
  const l = LABELS[status];
  return (
    <span role="status" aria-live="polite" title={l.title}>
      <Badge tone={l.tone} dot>
        {l.text}
      </Badge>
    </span>
  );
}
