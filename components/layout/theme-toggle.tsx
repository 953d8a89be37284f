'use client';
import { MoonIcon, SunIcon } from '@/components/ui/icons.tsx';

/** Flips light/dark and remembers the choice (the root layout applies it before paint). */
export function ThemeToggle() {
  function toggle() {
    const dark = document.documentElement.classList.toggle('dark');
    localStorage.setItem('portico-theme', dark ? 'dark' : 'light');
  }
  return (
    <button type="button" onClick={toggle} className="grid size-8 place-items-center rounded-md text-muted hover:bg-border/50 hover:text-foreground focus-visible:outline-2 focus-visible:outline-accent" aria-label="Toggle dark theme" title="Toggle dark theme">
      {/* CSS picks the icon, so the server render and the first client render agree. */}
      <MoonIcon className="dark:hidden" />
      <SunIcon className="hidden dark:block" />
    </button>
  );
}
