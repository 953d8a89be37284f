import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/app/_lib/db.ts';
import { engine, engineOnThisInstance } from '@/app/_lib/engine-client.ts';
import type { EngineStatus } from '@/core/contract/engine-client.ts';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { allows } from '@/core/auth/principal.ts';
import { listAuditEvents } from '@/app/_lib/queries/audit.ts';
import { listHosts } from '@/core/db/host.ts';
import { listPools } from '@/app/_lib/queries/pool.ts';
import { orderRunning } from '@/core/acme/order-request.ts';
import { listCertificates } from '@/core/db/certificate.ts';
import { serializeCertificate } from '@/core/views/certificate.ts';
import { objectOfError } from '@/core/contract/object-errors.ts';
import { proxyHttpPort } from '@/app/(dashboard)/proxy-port.ts';
import { unhealthyServers } from '@/app/(dashboard)/server-health.ts';
import { readRevision } from '@/core/db/load-config.ts';
import { Badge } from '@/components/ui/badge.tsx';
import { Stat, Step } from '@/components/overview/stat.tsx';
import { LinkButton } from '@/components/ui/button.tsx';
import { SectionCard } from '@/components/ui/card.tsx';
import { CheckIcon } from '@/components/ui/icons.tsx';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { RelativeTime } from '@/components/ui/relative-time.tsx';
import { describeAuditEvent } from '@/components/audit/describe.ts';
import { exactServerName, primaryServerName } from '@/core/config/primary-name.ts';
import { CertificatesCard } from '@/components/overview/certificates-card.tsx';
import { LiveOverviewClient } from '@/components/overview/live-overview-client.tsx';
import { UnhealthyServersCard } from '@/components/overview/unhealthy-servers-card.tsx';
import { WorkersCard } from '@/components/overview/workers-card.tsx';
import { plural } from '@/components/ui/plural.ts';

export const metadata: Metadata = { title: 'Overview' };

function errorLink(e: EngineStatus['errors'][number], hostOfLocation: Map<string, string>): string | null {
  if (e.objectType === 'host') return `/hosts/${e.objectId}`;
  if (e.objectType === 'pool') return `/pools/${e.objectId}`;
  if (e.objectType === 'location') {
    const host = objectOfError(e, hostOfLocation);
    return host ? `/hosts/${host}` : null;
  }
  return null;
}

export default async function OverviewPage() {
  const db = await getDb();
  const user = await requirePageUser();
  const isAdmin = user.role === 'ADMIN';
  const [hosts, pools, revision, status, recent, certificateRows] = await Promise.all([listHosts(db), listPools(db), readRevision(db), engine().status(), isAdmin ? listAuditEvents(db, { limit: 30 }) : null, listCertificates(db)]);
  const certificates = certificateRows.map((row) => serializeCertificate(row, { running: orderRunning(row) }));
  const sick = status === null ? null : await unhealthyServers(pools);
  const inSync = status !== null && status.appliedRevision >= revision;
  const errors = status?.errors ?? [];
  const hostOfLocation = new Map<string, string>(hosts.flatMap((h) => [[h.id, h.id] as [string, string], ...h.locations.map((l) => [l.id, h.id] as [string, string])]));
  const failingHosts = new Set(errors.flatMap((e) => (e.objectType === 'host' || e.objectType === 'location' ? [objectOfError(e, hostOfLocation) ?? ''] : [])).filter(Boolean));
  const servers = pools.reduce((n, p) => n + p.servers.length, 0);
  const canWrite = allows(user.scope, 'write');
  const port = proxyHttpPort();
  // Sign-ins are in the audit log too; "recent changes" are changes.
  const changes = recent?.events.filter((e) => !e.action.startsWith('session.')).slice(0, 6) ?? null;
  const firstName = exactServerName(hosts[0]?.serverNames ?? []);
  // A dashboard-only instance (PORTICO_ROLE=dashboard) has no engine to be down: the engines are on other nodes.
  const noEngineHere = status === null && !engineOnThisInstance();

  return (
    <div className="space-y-6">
      <PageHeader title="Overview" description="The state of the proxy at a glance." />
      <div className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
        <Stat
          label="Engine"
          value={status === null ? '—' : `rev ${status.appliedRevision}`}
          badge={noEngineHere ? { tone: 'neutral', text: 'None here' } : status === null ? { tone: 'danger', text: 'Not running' } : inSync ? { tone: 'success', text: 'In sync' } : { tone: 'warning', text: 'Applying' }}
          detail={noEngineHere ? 'Dashboard-only instance: see Nodes' : status === null ? 'Start Portico with npm start' : `${inSync ? 'Serving the latest revision' : `Saved revision is ${revision}`}${status.lastApplyMs != null ? ` · applied in ${Math.max(1, Math.round(status.lastApplyMs))} ms` : ''}`}
        />
        <Stat href="/hosts" label="Hosts" value={hosts.length} detail={hosts.length === 0 ? 'None yet' : `${hosts.filter((h) => h.enabled !== false).length - failingHosts.size} serving${failingHosts.size ? ` · ${failingHosts.size} with errors` : ''}`} />
        <Stat href="/pools" label="Pools" value={pools.length} detail={`${plural(servers, 'upstream server')}${pools.some((p) => p.healthCheck) ? ` · ${pools.filter((p) => p.healthCheck).length} health-checked` : ''}`} />
        <Stat label="Errors" value={errors.length} detail={errors.length ? 'Objects disabled by the engine' : 'Everything compiled'} badge={errors.length ? { tone: 'danger', text: 'Needs attention' } : undefined} />
      </div>

      {hosts.length === 0 || pools.length === 0 ? (
        <SectionCard id="start" title="Get started" description="Three steps from nothing to traffic flowing through Portico.">
          <ol className="space-y-4">
            <Step done={pools.length > 0} title="Create a pool" action={canWrite ? <LinkButton href="/pools/new" size="sm">New pool</LinkButton> : null}>
              List your upstream servers (such as 127.0.0.1:3000). Optional: a host can also send to a single address.
            </Step>
            <Step done={hosts.length > 0} title="Create a host" action={canWrite ? <LinkButton href="/hosts/new" size="sm" variant={pools.length ? 'primary' : 'secondary'}>New host</LinkButton> : null}>
              Give it the names it answers to and a location that sends requests to your pool.
            </Step>
            <Step done={false} title="Send a request">
              <code className="mt-1 block overflow-x-auto rounded-md bg-background px-3 py-2 font-mono text-xs text-foreground">
                curl -H &apos;Host: {firstName ?? 'app.example.com'}&apos; http://127.0.0.1:{port ?? 8080}/
              </code>
            </Step>
          </ol>
        </SectionCard>
      ) : null}

      <LiveOverviewClient hostIds={Object.fromEntries(hosts.map((h) => [primaryServerName(h.serverNames), h.id]))} aside={<CertificatesCard certificates={certificates} now={Date.now()} />} />

      <div className={`grid items-start gap-6 ${changes ? 'lg:grid-cols-2' : ''}`}>
        <div className="space-y-6">
          <SectionCard id="errors" title="Configuration errors" description="Objects the engine could not compile are disabled; the rest keeps serving.">
            {noEngineHere ? (
              <p className="text-sm text-muted">This instance runs no engine; the engines on the other nodes compile the configuration (see Nodes).</p>
            ) : status === null ? (
              <p className="text-sm text-muted">The engine is not running, so it cannot report errors.</p>
            ) : errors.length === 0 ? (
              <p className="flex items-center gap-2 text-sm text-muted">
                <CheckIcon className="text-success" /> None: every host, location and pool compiled.
              </p>
            ) : (
              <ul className="space-y-2 text-sm">
                {errors.map((e, i) => {
                  const href = errorLink(e, hostOfLocation);
                  return (
                    <li key={i} className="flex flex-wrap items-baseline gap-x-2">
                      <Badge tone="danger">{e.objectType}</Badge>
                      {href ? (
                        <Link href={href} className="font-medium text-accent hover:underline">
                          {e.name}
                        </Link>
                      ) : (
                        <span className="font-medium">{e.name}</span>
                      )}
                      <span className="text-muted">
                        {e.path ? `${e.path}: ` : ''}
                        {e.message}
                      </span>
                    </li>
                  );
                })}
              </ul>
            )}
          </SectionCard>
          {/* Server health and workers are the local engine's: a dashboard-only instance has none to show (the banner says so). */}
          {noEngineHere ? null : <UnhealthyServersCard servers={sick} total={servers} />}
          {noEngineHere ? null : <WorkersCard workers={status === null ? null : (status.workers ?? [])} appliedRevision={status?.appliedRevision ?? null} />}
        </div>
        {changes ? (
          <SectionCard id="recent" title="Recent changes" actions={<LinkButton href="/audit" variant="ghost" size="sm">Audit log</LinkButton>}>
            {changes.length === 0 ? (
              <p className="text-sm text-muted">No changes yet. Creating a pool or a host shows up here.</p>
            ) : (
              <ul className="divide-y divide-border text-sm">
                {changes.map((e) => (
                  <li key={e.id} className="flex items-center justify-between gap-3 py-2 first:pt-0 last:pb-0">
                    <span className="min-w-0">
                      <span className="block truncate">{describeAuditEvent(e)}</span>
                      <span className="block truncate text-xs text-muted">by {e.actor.replace(/^user:/, '')}</span>
                    </span>
                    <span className="shrink-0 text-xs text-muted">
                      <RelativeTime iso={e.at} />
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </SectionCard>
        ) : null}
      </div>
    </div>
  );
}
