'use client';
// The saved (or the system's) theme, applied once more when the document is rendered in
// the browser rather than sent as HTML: a 404 is sent as an empty shell that the client
// fills, and the root layout's inline script, inside that shell, never runs.
import { useLayoutEffect } from 'react';

export function ThemeApplier() {
  useLayoutEffect(() => {
    try {
      const saved = localStorage.getItem('portico-theme');
      document.documentElement.classList.toggle('dark', saved === 'dark' || (!saved && matchMedia('(prefers-color-scheme: dark)').matches));
    } catch {
      // Storage refused (privacy settings): the light theme stays.
    }
  }, []);
  return null;
}
