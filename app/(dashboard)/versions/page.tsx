import type { Metadata } from 'next';
import { getDb } from '@/app/_lib/db.ts';
import { engine } from '@/app/_lib/engine-client.ts';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { allows } from '@/core/auth/principal.ts';
import { listVersions } from '@/core/db/version.ts';
import { EmptyState } from '@/components/ui/empty-state.tsx';
import { LinkButton } from '@/components/ui/button.tsx';
import { LayersIcon } from '@/components/ui/icons.tsx';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { VersionsClient } from '@/components/versions/versions-client.tsx';
import { HealthGateCard } from '@/components/versions/health-gate-card.tsx';

export const metadata: Metadata = { title: 'Versions' };

export default async function VersionsPage() {
  const user = await requirePageUser();
  const [versions, status] = await Promise.all([listVersions(await getDb(), 50), engine().status()]);
  return (
    <div className="space-y-6">
      <PageHeader title="Versions" description="Every saved change is a version of the whole configuration. See what each changed, compare any two, and roll back in one click: a rollback is a new version, so nothing is lost." />
      <HealthGateCard />
      {versions.length === 0 ? (
        <EmptyState icon={<LayersIcon size={20} />} title="No versions yet" action={allows(user.scope, 'write') ? <LinkButton href="/hosts/new">New host</LinkButton> : null}>
          The first change to the configuration (a host, a pool, a setting) is saved as version 1. Every later change adds one.
        </EmptyState>
      ) : (
        <VersionsClient key={versions[0]?.revision} initial={versions} appliedRevision={status?.appliedRevision ?? null} canWrite={allows(user.scope, 'write')} />
      )}
    </div>
  );
}
