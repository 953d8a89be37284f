import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getDb } from '@/app/_lib/db.ts';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { allows } from '@/core/auth/principal.ts';
import { listPools } from '@/app/_lib/queries/pool.ts';
import { zoneNames } from '@/app/(dashboard)/hosts/zone-names.ts';
import { certificateOptions } from '@/app/(dashboard)/hosts/certificate-options.ts';
import { blankHost } from '@/components/hosts/host-form-model.ts';
import { HostEditorClient } from '@/components/hosts/host-editor-client.tsx';

export const metadata: Metadata = { title: 'New host' };

export default async function NewHostPage() {
  const user = await requirePageUser();
  if (!allows(user.scope, 'write')) redirect('/hosts');
  const db = await getDb();
  const [poolRows, zones, certificates] = await Promise.all([listPools(db), zoneNames(db), certificateOptions(db)]);
  const pools = poolRows.map((p) => ({ id: p.id, name: p.name, servers: p.servers.length }));
  return <HostEditorClient hostId={null} initial={blankHost(pools)} pools={pools} readOnly={false} engineErrors={[]} zones={zones} certificates={certificates} historyHref={null} />;
}
