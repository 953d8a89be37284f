import type { Metadata } from 'next';
import Link from 'next/link';

// The last resort for an address nothing answers outside the dashboard's pages (those
// show theirs inside the navigation): styled like the sign-in page, with the way back.
// Next.js's built-in 404 page styles itself with an inline <style> element that carries
// no nonce, which the pages' Content-Security-Policy refuses.
export const metadata: Metadata = { title: 'Not found' };

export default function NotFound() {
  return (
    <main className="grid min-h-screen place-items-center px-4">
      <div className="w-full max-w-sm space-y-4 rounded-lg border border-border bg-card p-6 text-center shadow-sm">
        <h1 className="text-lg font-semibold">Page not found</h1>
        <p className="text-sm text-muted">Nothing is at this address.</p>
        <Link href="/" className="inline-flex h-9 items-center rounded-md bg-accent px-4 text-sm font-medium text-accent-foreground hover:opacity-90">
          Go to the overview
        </Link>
      </div>
    </main>
  );
}
