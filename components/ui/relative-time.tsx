'use client';
// A timestamp shown as "3 min ago" in the reader's locale. The server render prints the
// UTC date so the first client render matches it; the relative label appears after mount.
import { useEffect, useState } from 'react';
import { useServerClock } from './server-clock.tsx';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86400],
  ['month', 30 * 86400],
  ['week', 7 * 86400],
  ['day', 86400],
  ['hour', 3600],
  ['minute', 60],
];

export function relativeLabel(iso: string, now = Date.now()): string {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return Math.abs(seconds) < 10 ? 'just now' : format.format(Math.round(seconds), 'second');
}

export function RelativeTime({ iso, fallback = '—' }: { iso: string | null; fallback?: string }) {
  const now = useServerClock();
  const [label, setLabel] = useState<string | null>(null);
  useEffect(() => {
    if (!iso) return;
    setLabel(relativeLabel(iso, now()));
    const timer = setInterval(() => setLabel(relativeLabel(iso, now())), 30_000);
    return () => clearInterval(timer);
  }, [iso, now]);
  if (!iso) return <span className="text-muted">{fallback}</span>;
  return (
    <time dateTime={iso} title={label ? new Date(iso).toLocaleString() : iso}>
      {label ?? iso.slice(0, 10)}
    </time>
  );
}
