import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getDb } from '@/app/_lib/db.ts';
import { engine } from '@/app/_lib/engine-client.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { allows } from '@/core/auth/principal.ts';
import { getHostOrThrow } from '@/core/db/host.ts';
import { serializeHost } from '@/core/views/host.ts';
import { objectOfError } from '@/core/contract/object-errors.ts';
import { listPools } from '@/app/_lib/queries/pool.ts';
import { zoneNames } from '@/app/(dashboard)/hosts/zone-names.ts';
import { certificateOptions } from '@/app/(dashboard)/hosts/certificate-options.ts';
import { placeEngineError, toFormValue } from '@/components/hosts/host-form-model.ts';
import { HostEditorClient } from '@/components/hosts/host-editor-client.tsx';

type Props = { params: Promise<{ id: string }> };

async function loadHost(id: string) {
  try {
    return serializeHost(await getHostOrThrow(await getDb(), id));
  } catch (error) {
    if (error instanceof ApiError && error.code === 'not_found') notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const host = await loadHost((await params).id);
  return { title: host.serverNames[0] ?? 'Host' };
}

export default async function HostPage({ params }: Props) {
  const { id } = await params;
  const db = await getDb();
  const [user, host, pools, status, zones, certificates] = await Promise.all([requirePageUser(), loadHost(id), listPools(db), engine().status(), zoneNames(db), certificateOptions(db)]);
  const initial = toFormValue(host);
  // The engine's current verdict on this host, laid over the fields it concerns: a
  // location's error without a field is shown on the location.
  const places = new Map<string, string>([[host.id, ''], ...host.locations.map((l, i): [string, string] => [l.id, `locations.${i}`])]);
  const engineErrors = (status?.errors ?? []).flatMap((e) => {
    const place = objectOfError(e, places);
    if (place === undefined) return [];
    return [{ path: e.path ? placeEngineError(e.path, initial) : place, message: e.message }];
  });
  return (
    <HostEditorClient
      hostId={host.id}
      initial={initial}
      pools={pools.map((p) => ({ id: p.id, name: p.name, servers: p.servers.length }))}
      readOnly={!allows(user.scope, 'write')}
      engineErrors={engineErrors}
      zones={zones}
      certificates={certificates}
      historyHref={user.role === 'ADMIN' ? `/audit?objectType=host&objectId=${host.id}` : null}
    />
  );
}
