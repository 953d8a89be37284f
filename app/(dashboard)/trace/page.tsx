import type { Metadata } from 'next';
import { getDb } from '@/app/_lib/db.ts';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { listHosts } from '@/core/db/host.ts';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { primaryServerName } from '@/core/config/primary-name.ts';
import { TracePageClient } from '@/components/trace/trace-page-client.tsx';

export const metadata: Metadata = { title: 'Trace' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function TracePage({ searchParams }: Props) {
  await requirePageUser();
  const [params, hosts] = await Promise.all([searchParams, listHosts(await getDb())]);
  const one = (key: string) => (typeof params[key] === 'string' ? (params[key] as string) : '');
  // ?stream=tcp|udp|https&port=…&serverName=… opens the stream tracer (links from the Streams page).
  const streamKind = (['tcp', 'udp', 'https'] as const).find((k) => k === one('stream')) ?? null;
  // Suggestions: one URL per host and location, as a starting point.
  const examples = hosts.flatMap((h) => h.locations.filter((l) => l.matchKind === 'PREFIX' || l.matchKind === 'EXACT' || l.matchKind === 'PREFIX_NOREGEX').map((l) => `http://${primaryServerName(h.serverNames)}${l.path}`)).slice(0, 50);
  return (
    <div className="space-y-6">
      <PageHeader title="Trace" description="Follow a request through the configuration: the host and location that match and why, the policies that apply, and the upstream request exactly as it would be sent. Or follow a connection to a TCP/UDP stream: the stream, SNI route and pool it reaches." />
      <TracePageClient
        kind={streamKind ? 'stream' : 'http'}
        http={{ method: /^[A-Z]+$/.test(one('method')) ? one('method') : 'GET', url: one('url'), clientIp: one('clientIp') || '203.0.113.10', headers: {} }}
        stream={{ target: streamKind ?? 'tcp', port: /^\d{1,5}$/.test(one('port')) ? one('port') : '', serverName: one('serverName'), clientIp: one('clientIp') || '203.0.113.10' }}
        examples={examples}
      />
    </div>
  );
}
