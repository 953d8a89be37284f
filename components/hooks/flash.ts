'use client';
// A message carried across one navigation (e.g. "deleted, applied in 3 ms" shown on the
// list the editor returns to). Kept in sessionStorage, read once.
import { useEffect, useState } from 'react';

const PREFIX = 'portico-flash:';

export function setFlash(key: string, value: unknown): void {
  try {
    sessionStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // Storage can be unavailable (private modes); the message is a courtesy.
  }
}

/** The message left for `key` ('' reads none). */
export function useFlash<T>(key: string): T | null {
  const [value, setValue] = useState<T | null>(null);
  useEffect(() => {
    if (!key) return;
    try {
      const raw = sessionStorage.getItem(PREFIX + key);
      if (raw === null) return;
      sessionStorage.removeItem(PREFIX + key);
      setValue(JSON.parse(raw) as T);
    } catch {
      // As above.
    }
  }, [key]);
  return value;
}
