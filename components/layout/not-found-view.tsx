import { LinkButton } from '@/components/ui/button.tsx';
import { EmptyState } from '@/components/ui/empty-state.tsx';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { MissingPath } from './missing-path.tsx';

/** "Page not found" inside the dashboard's frame: what was asked for, and the ways on. */
export function NotFoundView() {
  return (
    <div className="space-y-6">
      <PageHeader title="Page not found" description={<MissingPath />} />
      <EmptyState
        title="Nothing here"
        action={
          <div className="flex flex-wrap justify-center gap-2">
            <LinkButton href="/">Overview</LinkButton>
            <LinkButton href="/hosts" variant="secondary">
              Hosts
            </LinkButton>
            <LinkButton href="/pools" variant="secondary">
              Pools
            </LinkButton>
          </div>
        }
      >
        The address may be mistyped, or the host, pool or version it showed may have been deleted. The navigation has every page.
      </EmptyState>
    </div>
  );
}
