import type { ReactNode } from 'react';
import { Sidebar } from './sidebar.tsx';

/** The signed-in frame of every dashboard page: the navigation and the main column (the page's layout signs the user in). */
export function DashboardShell({ user, children }: { user: { email: string; role: string }; children: ReactNode }) {
  return (
    <div className="min-h-screen md:flex">
      <a href="#main" className="sr-only z-50 rounded-md bg-accent px-3 py-2 text-accent-foreground focus:not-sr-only focus:fixed focus:top-2 focus:left-2">
        Skip to content
      </a>
      <Sidebar email={user.email} role={user.role} />
      <main id="main" tabIndex={-1} className="min-w-0 flex-1 outline-none">
        <div className="mx-auto max-w-6xl px-4 py-6 md:px-8 md:py-8">{children}</div>
      </main>
    </div>
  );
}
