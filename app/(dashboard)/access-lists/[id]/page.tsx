import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getDb } from '@/app/_lib/db.ts';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { allows } from '@/core/auth/principal.ts';
import { ApiError } from '@/core/contract/api-error.ts';
import { getAccessList } from '@/core/db/access-list.ts';
import { AccessListEditorClient } from '@/components/access-lists/access-list-editor-client.tsx';
import { toAccessListForm } from '@/components/access-lists/access-list-form-model.ts';

export const metadata: Metadata = { title: 'Access list' };

export default async function AccessListPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const db = await getDb();
  const user = await requirePageUser();
  const list = await getAccessList(db, id).catch((error: unknown) => {
    if (error instanceof ApiError && error.code === 'not_found') notFound();
    throw error;
  });
  return <AccessListEditorClient listId={id} initial={toAccessListForm(list)} usedBy={list.usedBy} readOnly={!allows(user.scope, 'write')} />;
}
