// The dashboard's pages, in sidebar order. Only pages that exist are listed.
export interface NavItem {
  href: string;
  label: string;
  icon: 'home' | 'globe' | 'server' | 'history' | 'settings';
  adminOnly?: boolean;
}

export const NAV: NavItem[] = [
  { href: '/', label: 'Overview', icon: 'home' },
  { href: '/hosts', label: 'Hosts', icon: 'globe' },
  { href: '/pools', label: 'Pools', icon: 'server' },
  { href: '/audit', label: 'Audit log', icon: 'history', adminOnly: true },
  { href: '/settings', label: 'Settings', icon: 'settings' },
];

export function isActive(href: string, pathname: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}
