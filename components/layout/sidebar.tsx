'use client';
// The navigation: a fixed sidebar from md up; below that a top bar whose menu button
// opens the same links as a panel (closed again on navigation and with Escape).
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { api } from '@/components/hooks/api-client.ts';
import { ActivityIcon, FileTextIcon, GlobeIcon, HistoryIcon, HomeIcon, LayersIcon, LockIcon, LogOutIcon, NodesIcon, ShieldIcon, MenuIcon, RouteIcon, ServerIcon, SettingsIcon, TransferIcon, UploadIcon, XIcon } from '@/components/ui/icons.tsx';
import { isActive, NAV, type NavItem } from './nav-items.ts';
import { ThemeToggle } from './theme-toggle.tsx';

const ICONS: Record<NavItem['icon'], typeof HomeIcon> = {
  home: HomeIcon,
  activity: ActivityIcon,
  globe: GlobeIcon,
  server: ServerIcon,
  transfer: TransferIcon,
  lock: LockIcon,
  shield: ShieldIcon,
  logs: FileTextIcon,
  trace: RouteIcon,
  versions: LayersIcon,
  import: UploadIcon,
  history: HistoryIcon,
  settings: SettingsIcon,
  nodes: NodesIcon,
};

function Brand() {
  return (
    <Link href="/" className="flex items-center gap-2 rounded-md focus-visible:outline-2 focus-visible:outline-accent">
      <span aria-hidden className="grid size-7 place-items-center rounded-md bg-accent text-xs font-bold text-accent-foreground">
        P
      </span>
      <span className="font-semibold tracking-tight">Portico</span>
    </Link>
  );
}

export function Sidebar({ email, role }: { email: string; role: string }) {
  const pathname = usePathname();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const items = NAV.filter((item) => !item.adminOnly || role === 'ADMIN');

  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  async function signOut() {
    await api('DELETE', '/api/v1/session').catch(() => undefined);
    router.replace('/login');
    router.refresh();
  }

  return (
    // The aside stretches to the page's height (its background and border run the whole
    // way); the inner column sticks to the viewport.
    <aside className="sticky top-0 z-30 border-b border-border bg-card md:static md:w-60 md:shrink-0 md:border-r md:border-b-0">
      <div className="flex flex-col md:sticky md:top-0 md:h-screen">
      <div className="flex h-14 shrink-0 items-center justify-between px-4 md:h-16">
        <Brand />
        <button
          type="button"
          className="grid size-9 place-items-center rounded-md text-muted hover:bg-border/50 hover:text-foreground md:hidden"
          aria-expanded={open}
          aria-controls="main-nav"
          aria-label={open ? 'Close menu' : 'Open menu'}
          onClick={() => setOpen(!open)}
        >
          {open ? <XIcon size={20} /> : <MenuIcon size={20} />}
        </button>
      </div>
      <div id="main-nav" className={`${open ? 'flex' : 'hidden'} min-h-0 flex-1 flex-col border-t border-border md:flex md:border-t-0`}>
        <nav aria-label="Main" className="flex-1 space-y-0.5 px-3 py-3 md:py-1">
          {items.map((item) => {
            const active = isActive(item.href, pathname);
            const Icon = ICONS[item.icon];
            return (
              <Link
                key={item.href}
                href={item.href}
                aria-current={active ? 'page' : undefined}
                className={`flex items-center gap-3 rounded-md px-3 py-2 text-sm transition-colors ${active ? 'bg-accent/10 font-medium text-accent' : 'text-muted hover:bg-border/40 hover:text-foreground'}`}
              >
                <Icon size={16} />
                {item.label}
              </Link>
            );
          })}
        </nav>
        <div className="border-t border-border p-3">
          <div className="flex items-center gap-2 px-1">
            <span aria-hidden className="grid size-8 shrink-0 place-items-center rounded-full bg-border/70 text-xs font-semibold uppercase">
              {email.slice(0, 1)}
            </span>
            <div className="min-w-0 flex-1">
              <p className="truncate text-sm" title={email}>
                {email}
              </p>
              <p className="text-xs text-muted capitalize">{role.toLowerCase()}</p>
            </div>
            <ThemeToggle />
          </div>
          <button type="button" onClick={signOut} className="mt-2 flex w-full items-center gap-3 rounded-md px-3 py-2 text-sm text-muted hover:bg-border/40 hover:text-foreground">
            <LogOutIcon size={16} />
            Sign out
          </button>
        </div>
      </div>
      </div>
    </aside>
  );
}
