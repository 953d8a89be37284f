import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { allows } from '@/core/auth/principal.ts';
import { AccessListEditorClient } from '@/components/access-lists/access-list-editor-client.tsx';
import { EMPTY_ACCESS_LIST } from '@/components/access-lists/access-list-form-model.ts';

export const metadata: Metadata = { title: 'New access list' };

export default async function NewAccessListPage() {
  const user = await requirePageUser();
  if (!allows(user.scope, 'write')) redirect('/access-lists');
  return <AccessListEditorClient listId={null} initial={EMPTY_ACCESS_LIST} usedBy={[]} readOnly={false} />;
}
