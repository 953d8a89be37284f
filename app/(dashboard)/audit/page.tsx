import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getDb } from '@/app/_lib/db.ts';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { AuditQuery, auditObjectTypes, listAuditEvents } from '@/app/_lib/queries/audit.ts';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { AuditClient } from '@/components/audit/audit-client.tsx';

export const metadata: Metadata = { title: 'Audit log' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AuditPage({ searchParams }: Props) {
  const user = await requirePageUser();
  if (user.role !== 'ADMIN') redirect('/');
  const params = await searchParams;
  const one = (v: string | string[] | undefined) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const parsed = AuditQuery.safeParse({ objectType: one(params.objectType), objectId: one(params.objectId), limit: 50 });
  const query = parsed.success ? parsed.data : AuditQuery.parse({});
  const db = await getDb();
  const [page, types] = await Promise.all([listAuditEvents(db, query), auditObjectTypes(db)]);
  return (
    <div className="space-y-6">
      <PageHeader title="Audit log" description="Every change to the configuration, users and tokens, and every sign-in: who, when, from where, and what changed. Secrets are never recorded." />
      <AuditClient initial={page.events} nextBefore={page.nextBefore} references={page.references} objectTypes={types} filters={{ objectType: query.objectType ?? '', objectId: query.objectId ?? '' }} />
    </div>
  );
}
