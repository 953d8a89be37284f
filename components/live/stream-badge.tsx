// Whether a live view is live: connected, catching up, or unavailable. Every live view
// (the charts, the overview, the log tail) shows its stream's status with this badge, in
// the same words; a view may name what "live" means for it ("Tailing").
import { Badge } from '@/components/ui/badge.tsx';
import type { StreamStatus } from '@/components/hooks/use-event-stream.ts';

interface Label {
  tone: 'success' | 'warning' | 'danger' | 'neutral';
  text: string;
  title: string;
}

const LABELS: Record<StreamStatus, Label> = {
  live: { tone: 'success', text: 'Live', title: 'Updating every second from the engine' },
  connecting: { tone: 'neutral', text: 'Connecting…', title: 'Opening the stream from the engine' },
  reconnecting: { tone: 'warning', text: 'Reconnecting…', title: 'The stream was interrupted; it resumes where it left off' },
  unavailable: { tone: 'danger', text: 'Engine unavailable', title: 'The proxy engine is not answering; retrying every few seconds' },
};

export function StreamBadge({ status, live }: { status: StreamStatus; live?: Pick<Label, 'text' | 'title'> }) {
  const l = status === 'live' && live ? { ...LABELS.live, ...live } : LABELS[status];
  return (
    <span role="status" aria-live="polite" title={l.title}>
      <Badge tone={l.tone} dot>
        {l.text}
      </Badge>
    </span>
  );
}
