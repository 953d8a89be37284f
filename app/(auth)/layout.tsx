import type { ReactNode } from 'react';

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex items-center gap-2">
          <span aria-hidden className="grid size-8 place-items-center rounded-md bg-accent text-sm font-bold text-accent-foreground">P</span>
          <span className="text-lg font-semibold tracking-tight">Portico</span>
        </div>
        {children}
      </div>
    </main>
  );
}
