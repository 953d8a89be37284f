// Addresses that match no page. Next.js's built-in 404 page styles itself with an inline
// <style> element that carries no nonce, which the pages' Content-Security-Policy refuses.
import type { Metadata } from 'next';
import { LinkButton } from '@/components/ui/button.tsx';

export const metadata: Metadata = { title: 'Not found' };

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12 text-center">
      <h1 className="text-2xl font-semibold tracking-tight">Not found</h1>
      <p className="mt-1 mb-6 text-sm text-muted">There is no page at this address.</p>
      <LinkButton href="/">Back to the overview</LinkButton>
    </main>
  );
}
