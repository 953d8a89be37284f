'use client';

export function ThemeToggle() {
  function toggle() {
    const dark = document.documentElement.classList.toggle('dark');
    localStorage.setItem('portico-theme', dark ? 'dark' : 'light');
  }
  return (
    <button onClick={toggle} className="rounded px-1 py-0.5 text-muted hover:text-foreground" aria-label="Toggle dark mode">
      Theme
    </button>
  );
}
