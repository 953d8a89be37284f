import type { Metadata } from 'next';
import { getDb } from '@/app/_lib/db.ts';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { allows } from '@/core/auth/principal.ts';
import { listApiTokens } from '@/app/_lib/queries/user.ts';
import { TokensClient } from '@/components/settings/tokens-client.tsx';

export const metadata: Metadata = { title: 'API tokens' };

export default async function TokensPage() {
  const user = await requirePageUser();
  const tokens = await listApiTokens(await getDb(), user.userId);
  return <TokensClient tokens={tokens} canCreate={allows(user.scope, 'admin')} />;
}
