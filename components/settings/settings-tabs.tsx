'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useRef } from 'react';

export function SettingsTabs({ tabs }: { tabs: { href: string; label: string }[] }) {
  const pathname = usePathname();
  const current = useRef<HTMLAnchorElement>(null);
  // On a phone the tabs scroll sideways: keep the current one in view.
  // (A block body: newer browsers return a promise from scrollIntoView, and React would
  // take a returned value for the effect's cleanup.)
  useEffect(() => {
    current.current?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [pathname]);
  return (
    <nav aria-label="Settings" className="-mx-4 overflow-x-auto border-b border-border px-4 md:mx-0 md:px-0">
      <ul className="flex gap-1">
        {tabs.map((tab) => {
          const active = pathname === tab.href;
          return (
            <li key={tab.href}>
              <Link
                ref={active ? current : undefined}
                href={tab.href}
                aria-current={active ? 'page' : undefined}
                className={`-mb-px block border-b-2 px-3 py-2 text-sm whitespace-nowrap transition-colors ${active ? 'border-accent font-medium text-foreground' : 'border-transparent text-muted hover:text-foreground'}`}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
