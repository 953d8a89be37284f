// A card that leads somewhere when it has somewhere to lead: the whole card is the link,
// with the focus ring around the card.
import Link from 'next/link';
import type { ReactNode } from 'react';

export function CardLink({ href, children }: { href?: string; children: ReactNode }) {
  return href ? (
    <Link href={href} className="group block rounded-lg focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent">
      {children}
    </Link>
  ) : (
    children
  );
}
