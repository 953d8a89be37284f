import type { Metadata } from 'next';
import { getDb } from '@/app/_lib/db.ts';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { allows } from '@/core/auth/principal.ts';
import { listAccessLists } from '@/core/db/access-list.ts';
import { LinkButton } from '@/components/ui/button.tsx';
import { EmptyState } from '@/components/ui/empty-state.tsx';
import { LockIcon, PlusIcon } from '@/components/ui/icons.tsx';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { AccessListsTable } from '@/components/access-lists/access-lists-table.tsx';

export const metadata: Metadata = { title: 'Access lists' };

export default async function AccessListsPage() {
  const db = await getDb();
  const [user, lists] = await Promise.all([requirePageUser(), listAccessLists(db)]);
  const newButton = allows(user.scope, 'write') ? (
    <LinkButton href="/access-lists/new">
      <PlusIcon size={16} />
      New access list
    </LinkButton>
  ) : null;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Access lists"
        description="Address rules, passwords and satisfy, kept under one name and attached to many hosts and locations: edit the list once and every one of them changes."
        actions={lists.length > 0 ? newButton : null}
      />
      {lists.length === 0 ? (
        <EmptyState icon={<LockIcon size={20} />} title="No access lists yet" action={newButton}>
          An access list holds allow/deny rules (addresses and networks, first match decides) and users with passwords. Attach it in a host&apos;s or a
          location&apos;s Access section.
        </EmptyState>
      ) : (
        <AccessListsTable lists={lists} />
      )}
    </div>
  );
}
