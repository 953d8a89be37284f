import { LinkButton } from '@/components/ui/button.tsx';
import { EmptyState } from '@/components/ui/empty-state.tsx';

export default function NotFound() {
  return (
    <EmptyState title="Not found" action={<LinkButton href="/">Back to the overview</LinkButton>}>
      This page, or the host or pool it shows, does not exist. It may have been deleted.
    </EmptyState>
  );
}
