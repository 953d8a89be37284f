import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getDb } from '@/app/_lib/db.ts';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { allows } from '@/core/auth/principal.ts';
import { StreamEditorClient } from '@/components/streams/stream-editor-client.tsx';
import { EMPTY_STREAM } from '@/components/streams/stream-form-model.ts';

export const metadata: Metadata = { title: 'New stream' };

export default async function NewStreamPage() {
  const user = await requirePageUser();
  if (!allows(user.scope, 'write')) redirect('/streams');
  const db = await getDb();
  const pools = await db.pool.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } });
  return <StreamEditorClient streamId={null} initial={EMPTY_STREAM} base={{}} pools={pools} readOnly={false} engineError={null} />;
}
