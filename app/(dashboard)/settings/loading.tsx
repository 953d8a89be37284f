import { Skeleton } from '@/components/ui/skeleton.tsx';

export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="space-y-4">
      <span className="sr-only">Loading…</span>
      <Skeleton className="h-5 w-56" />
      <Skeleton className="h-40 w-full max-w-xl" />
    </div>
  );
}
