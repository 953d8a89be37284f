import type { ReactNode } from 'react';

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2">
          <span aria-hidden className="grid size-8 place-items-center rounded-md bg-accent text-sm font-bold text-accent-foreground">
            P
          </span>
          <span className="text-lg font-semibold tracking-tight">Portico</span>
        </div>
        <div className="rounded-xl border border-border bg-card p-6 shadow-sm sm:p-8">{children}</div>
        <p className="mt-6 text-center text-xs text-muted">A self-hosted reverse proxy, configured in your browser.</p>
      </div>
    </main>
  );
}
