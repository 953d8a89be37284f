'use client';
import { usePathname } from 'next/navigation';

/** The address that was not found, cut short (an address can be as long as someone makes it). */
export function MissingPath() {
  const path = usePathname() ?? '';
  return (
    <>
      No page at <code className="font-mono text-[13px]">{path.length > 80 ? `${path.slice(0, 80)}…` : path}</code>.
    </>
  );
}
