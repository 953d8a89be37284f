import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getDb } from '@/app/_lib/db.ts';
import { engine } from '@/app/_lib/engine-client.ts';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { allows } from '@/core/auth/principal.ts';
import { serializeStream, streamInputOf } from '@/core/views/stream.ts';
import { StreamEditorClient } from '@/components/streams/stream-editor-client.tsx';
import { toStreamForm } from '@/components/streams/stream-form-model.ts';

export const metadata: Metadata = { title: 'Stream' };

export default async function StreamPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const db = await getDb();
  const [user, row, pools, status] = await Promise.all([
    requirePageUser(),
    db.stream.findUnique({ where: { id }, include: { pool: { select: { name: true } } } }),
    db.pool.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } }),
    engine().status(),
  ]);
  if (!row) notFound();
  const view = serializeStream(row);
  const engineError = status?.errors.find((e) => e.objectType === 'stream' && e.objectId === id)?.message ?? null;
  return <StreamEditorClient streamId={id} initial={toStreamForm(view)} base={streamInputOf(view)} pools={pools} readOnly={!allows(user.scope, 'write')} engineError={engineError} />;
}
