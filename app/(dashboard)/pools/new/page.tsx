import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { allows } from '@/core/auth/principal.ts';
import { blankPool } from '@/components/pools/pool-form-model.ts';
import { PoolEditorClient } from '@/components/pools/pool-editor-client.tsx';

export const metadata: Metadata = { title: 'New pool' };

export default async function NewPoolPage() {
  const user = await requirePageUser();
  if (!allows(user.scope, 'write')) redirect('/pools');
  return <PoolEditorClient poolId={null} initial={blankPool()} usedBy={[]} readOnly={false} engineErrors={[]} historyHref={null} />;
}
