'use client';
// "Now" as the server counts it. Expiries, renewals and countdowns compare the server's
// dates with the current time; a browser whose clock is off (a laptop set wrong, a VM
// resumed) would otherwise say "expired" for a certificate the proxy still serves, and its
// first render would differ from the server's (a hydration error). The first render uses
// the server's own render time; after mount, the browser's clock corrected by the
// difference seen at load.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';

const ServerClock = createContext<{ renderedAt: number | null; skewMs: number | null }>({ renderedAt: null, skewMs: 0 });

export function ServerClockProvider({ now, children }: { now: number; children: ReactNode }) {
  const [skewMs, setSkewMs] = useState<number | null>(null);
  useEffect(() => setSkewMs(now - Date.now()), [now]);
  return <ServerClock.Provider value={{ renderedAt: now, skewMs }}>{children}</ServerClock.Provider>;
}

/** A function that reads the server's current time (milliseconds since the epoch). */
export function useServerClock(): () => number {
  const { renderedAt, skewMs } = useContext(ServerClock);
  return useCallback(() => (skewMs === null ? (renderedAt ?? Date.now()) : Date.now() + skewMs), [renderedAt, skewMs]);
}
