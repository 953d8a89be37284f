// The dashboard's pages, in sidebar order. Only pages that exist are listed.
export interface NavItem {
  href: string;
  label: string;
  icon: 'home' | 'activity' | 'globe' | 'server' | 'transfer' | 'lock' | 'shield' | 'logs' | 'trace' | 'versions' | 'import' | 'history' | 'settings' | 'nodes';
  adminOnly?: boolean;
}

export const NAV: NavItem[] = [
  { href: '/', label: 'Overview', icon: 'home' },
  { href: '/live', label: 'Live traffic', icon: 'activity' },
  { href: '/hosts', label: 'Hosts', icon: 'globe' },
  { href: '/pools', label: 'Pools', icon: 'server' },
  { href: '/streams', label: 'Streams', icon: 'transfer' },
  { href: '/access-lists', label: 'Access lists', icon: 'shield' },
  { href: '/certificates', label: 'Certificates', icon: 'lock' },
  { href: '/logs', label: 'Logs', icon: 'logs' },
  { href: '/trace', label: 'Trace', icon: 'trace' },
  { href: '/versions', label: 'Versions', icon: 'versions' },
  { href: '/nodes', label: 'Nodes', icon: 'nodes' },
  { href: '/import', label: 'Import & export', icon: 'import' },
  { href: '/audit', label: 'Audit log', icon: 'history', adminOnly: true },
  { href: '/settings', label: 'Settings', icon: 'settings' },
];

export function isActive(href: string, pathname: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}
