import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getDb } from '@/app/_lib/db.ts';
import { engine } from '@/app/_lib/engine-client.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { allows } from '@/core/auth/principal.ts';
import { getPoolOrThrow, poolUsers } from '@/app/_lib/queries/pool.ts';
import { serializePool } from '@/core/views/pool.ts';
import { errorsAbout } from '@/core/contract/object-errors.ts';
import { toPoolForm } from '@/components/pools/pool-form-model.ts';
import { PoolEditorClient } from '@/components/pools/pool-editor-client.tsx';

type Props = { params: Promise<{ id: string }> };

async function loadPool(id: string) {
  try {
    return serializePool(await getPoolOrThrow(await getDb(), id));
  } catch (error) {
    if (error instanceof ApiError && error.code === 'not_found') notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await loadPool((await params).id)).name };
}

export default async function PoolPage({ params }: Props) {
  const { id } = await params;
  const [user, pool, status, users] = await Promise.all([requirePageUser(), loadPool(id), engine().status(), getDb().then((db) => poolUsers(db, id))]);
  const engineErrors = errorsAbout(status?.errors ?? [], [pool.id]).map((e) => ({ path: e.path, message: e.message }));
  return (
    <PoolEditorClient
      poolId={pool.id}
      initial={toPoolForm(pool)}
      usedBy={users}
      readOnly={!allows(user.scope, 'write')}
      engineErrors={engineErrors}
      historyHref={user.role === 'ADMIN' ? `/audit?objectType=pool&objectId=${pool.id}` : null}
    />
  );
}
