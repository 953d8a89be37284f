import type { Metadata } from 'next';
import { getDb } from '@/app/_lib/db.ts';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { readRevision } from '@/core/db/load-config.ts';
import { listNodes } from '@/core/db/node-registry.ts';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { NodesClient } from '@/components/nodes/nodes-client.tsx';

export const metadata: Metadata = { title: 'Nodes' };

export default async function NodesPage() {
  const db = await getDb();
  const [, nodes, desiredRevision] = await Promise.all([requirePageUser(), listNodes(db), readRevision(db)]);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Nodes"
        description="The instances of Portico that share this database: what each runs, the revision it serves, when it was last heard from, and which one's controller does the background work."
      />
      <NodesClient initial={{ nodes, desiredRevision }} />
    </div>
  );
}
