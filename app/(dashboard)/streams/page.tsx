import type { Metadata } from 'next';
import { getDb } from '@/app/_lib/db.ts';
import { engine } from '@/app/_lib/engine-client.ts';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { allows } from '@/core/auth/principal.ts';
import { listStreams } from '@/app/_lib/queries/stream.ts';
import { LinkButton } from '@/components/ui/button.tsx';
import { EmptyState } from '@/components/ui/empty-state.tsx';
import { PlusIcon, RouteIcon, ServerIcon } from '@/components/ui/icons.tsx';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { StreamsTableClient } from '@/components/streams/streams-table-client.tsx';

export const metadata: Metadata = { title: 'Streams' };

export default async function StreamsPage() {
  const db = await getDb();
  const [user, streams, status] = await Promise.all([requirePageUser(), listStreams(db), engine().status()]);
  const newButton = allows(user.scope, 'write') ? (
    <LinkButton href="/streams/new">
      <PlusIcon size={16} />
      New stream
    </LinkButton>
  ) : null;
  const errors = Object.fromEntries((status?.errors ?? []).filter((e) => e.objectType === 'stream').map((e) => [e.objectId, e.message]));
  return (
    <div className="space-y-6">
      <PageHeader
        title="Streams"
        description="TCP and UDP ports that pass connections to databases, mail, DNS and anything that is not HTTP."
        actions={
          streams.length > 0 ? (
            <>
              <LinkButton href="/trace?stream=tcp" variant="secondary">
                <RouteIcon size={16} />
                Trace a connection
              </LinkButton>
              {newButton}
            </>
          ) : null
        }
      />
      {streams.length === 0 ? (
        <EmptyState icon={<ServerIcon size={20} />} title="No streams yet" action={newButton}>
          A stream listens on a port of the proxy (such as <code className="font-mono">5432</code>) and sends every connection to a pool or an address, like nginx&apos;s{' '}
          <code className="font-mono">stream {'{}'}</code>. Import one from nginx text, or create one here.
        </EmptyState>
      ) : (
        <StreamsTableClient streams={streams} errors={errors} />
      )}
    </div>
  );
}
