// Validity of each certificate on one time axis: where today falls, when each renews and
// when it expires; the ones near their end stand out.
import type { CertificateView } from '@/core/views/certificate.ts';
import { plural } from '@/components/ui/plural.ts';

const DAY = 86_400_000;
const DATE = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });

function toneOf(daysLeft: number): string {
  if (daysLeft < 7) return 'bg-danger';
  if (daysLeft < 30) return 'bg-warning';
  return 'bg-success';
}

export function ExpiryTimeline({ certificates, now }: { certificates: CertificateView[]; now: number }) {
  const dated = certificates.filter((c) => c.status === 'valid' && c.notBefore && c.notAfter).sort((a, b) => a.notAfter!.localeCompare(b.notAfter!));
  if (dated.length === 0) return <p className="text-sm text-muted">Valid certificates appear here on a time line, so the next expiry is easy to see.</p>;
  const start = Math.min(now - 7 * DAY, ...dated.map((c) => Date.parse(c.notBefore!)));
  const end = Math.max(now + 30 * DAY, ...dated.map((c) => Date.parse(c.notAfter!))) + 3 * DAY;
  const at = (t: number) => `${((t - start) / (end - start)) * 100}%`;
  return (
    <div className="space-y-3">
      <div className="relative">
        {/* Today, across every row. */}
        <div aria-hidden className="absolute top-0 bottom-0 z-10 w-px bg-accent" style={{ left: at(now) }}>
          <span className="absolute -top-0.5 left-1 text-[10px] font-medium text-accent">today</span>
        </div>
        <ul className="space-y-3 pt-4">
          {dated.map((c) => {
            const from = Date.parse(c.notBefore!);
            const to = Date.parse(c.notAfter!);
            const daysLeft = Math.floor((to - now) / DAY);
            return (
              <li key={c.id} className="space-y-1">
                <p className="flex justify-between gap-2 text-xs">
                  <span className="truncate font-medium">{c.domains[0]}</span>
                  <span className={`shrink-0 tabular-nums ${daysLeft < 30 ? 'font-medium text-danger' : 'text-muted'}`}>{daysLeft < 0 ? 'expired' : `${plural(daysLeft, 'day')} left`}</span>
                </p>
                <div className="relative h-2.5 rounded-full bg-border/50" role="img" aria-label={`${c.domains[0]}: valid from ${DATE.format(from)} to ${DATE.format(to)}${c.renewAt ? `, renews around ${DATE.format(Date.parse(c.renewAt))}` : ''}`}>
                  <div className={`absolute inset-y-0 rounded-full ${toneOf(daysLeft)} opacity-80`} style={{ left: at(from), width: `calc(${at(to)} - ${at(from)})` }} />
                  {c.renewAt ? <div aria-hidden title="Renews" className="absolute -inset-y-0.5 w-0.5 rounded bg-foreground/70" style={{ left: at(Date.parse(c.renewAt)) }} /> : null}
                </div>
              </li>
            );
          })}
        </ul>
      </div>
      <p className="flex justify-between text-[11px] text-muted tabular-nums" aria-hidden>
        <span>{DATE.format(start)}</span>
        <span>{DATE.format(end)}</span>
      </p>
    </div>
  );
}
