// How log lines print: local time to the millisecond, and a tone per status class.
import type { BadgeTone } from '@/components/ui/badge.tsx';

const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, hourCycle: 'h23' });
const DATE = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });

export function logTime(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const sameDay = d.toDateString() === now.toDateString();
  return sameDay ? TIME.format(d) : `${DATE.format(d)} ${TIME.format(d)}`;
}

export function statusTone(status: number): BadgeTone {
  if (status >= 500) return 'danger';
  if (status >= 400) return 'warning';
  if (status >= 300) return 'accent';
  if (status >= 200) return 'success';
  return 'neutral';
}

/** 0 and 499 mean the client went away before an answer; 444 that Portico closed the connection. */
export function statusLabel(status: number): string {
  if (status === 0) return 'none';
  return String(status);
}

export function duration(ms: number): string {
  return ms < 1000 ? `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
