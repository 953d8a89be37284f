'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { api } from '@/components/hooks/api-client.ts';
import { ThemeToggle } from './theme-toggle.tsx';

export const NAV = [
  { href: '/', label: 'Overview' },
  { href: '/hosts', label: 'Hosts' },
  { href: '/pools', label: 'Pools' },
] as const;

export function Sidebar({ email }: { email: string }) {
  const pathname = usePathname();
  const router = useRouter();
  async function signOut() {
    await api('DELETE', '/api/v1/session').catch(() => undefined);
    router.replace('/login');
    router.refresh();
  }
  return (
    <aside className="flex w-full flex-col border-b border-border bg-card md:sticky md:top-0 md:h-screen md:w-56 md:border-r md:border-b-0">
      <div className="flex items-center gap-2 px-4 py-4">
        <span aria-hidden className="grid size-7 place-items-center rounded-md bg-accent text-xs font-bold text-accent-foreground">P</span>
        <span className="font-semibold tracking-tight">Portico</span>
      </div>
      <nav aria-label="Main" className="flex gap-1 overflow-x-auto px-2 md:flex-1 md:flex-col">
        {NAV.map((item) => {
          const active = item.href === '/' ? pathname === '/' : pathname.startsWith(item.href);
          return (
            <Link
              key={item.href}
              href={item.href}
              aria-current={active ? 'page' : undefined}
              className={`rounded-md px-3 py-2 text-sm whitespace-nowrap ${active ? 'bg-accent/10 font-medium text-accent' : 'text-muted hover:bg-border/40 hover:text-foreground'}`}
            >
              {item.label}
            </Link>
          );
        })}
      </nav>
      <div className="hidden border-t border-border p-3 text-xs md:block">
        <p className="truncate text-muted" title={email}>
          {email}
        </p>
        <div className="mt-2 flex items-center justify-between">
          <button onClick={signOut} className="rounded px-1 py-0.5 text-muted hover:text-foreground">
            Sign out
          </button>
          <ThemeToggle />
        </div>
      </div>
    </aside>
  );
}
