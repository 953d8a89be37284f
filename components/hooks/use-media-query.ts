'use client';
// Whether a media query matches, kept current. The server render assumes `serverValue`.
import { useCallback, useSyncExternalStore } from 'react';

export function useMediaQuery(query: string, serverValue = true): boolean {
  const subscribe = useCallback(
    (notify: () => void) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', notify);
      return () => list.removeEventListener('change', notify);
    },
    [query],
  );
  return useSyncExternalStore(subscribe, () => window.matchMedia(query).matches, () => serverValue);
}
