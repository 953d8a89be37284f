import type { Metadata } from 'next';
import { getDb } from '@/app/_lib/db.ts';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { allows } from '@/core/auth/principal.ts';
import { orderRunning } from '@/core/acme/order-request.ts';
import { acmeSettings } from '@/core/acme/settings.ts';
import { http01Warning } from '@/app/_lib/acme/http01-warning.ts';
import { getSettings } from '@/core/db/settings.ts';
import { proxyHttpPort } from '@/app/(dashboard)/proxy-port.ts';
import { listCertificates } from '@/core/db/certificate.ts';
import { serializeCertificate } from '@/core/views/certificate.ts';
import { listHosts } from '@/core/db/host.ts';
import { listDnsProviders } from '@/core/db/dns-provider.ts';
import { CertificatesClient } from '@/components/certificates/certificates-client.tsx';

export const metadata: Metadata = { title: 'Certificates' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function CertificatesPage({ searchParams }: Props) {
  const user = await requirePageUser();
  const db = await getDb();
  const [params, rows, hosts, settings, providers] = await Promise.all([searchParams, listCertificates(db), listHosts(db), getSettings(db), listDnsProviders(db, acmeSettings().dataDir)]);
  const portWarning = http01Warning({
    httpPort: proxyHttpPort() ?? (Number(process.env.PORTICO_HTTP_PORT) || 8080),
    validationPortSet: acmeSettings().validationPortSet,
    trustedProxies: settings.trustedProxies.length,
  });
  // Newest first: an order just started is at the top, where its progress shows.
  const certificates = rows.map((row) => serializeCertificate(row, { running: orderRunning(row) })).reverse();
  return (
    <CertificatesClient
      initial={certificates}
      hosts={hosts.map((h) => ({ id: h.id, names: h.serverNames, https: (h.entrypoints ?? ['http']).includes('https'), forceHttps: h.tls.forceHttps }))}
      portWarning={portWarning}
      canWrite={allows(user.scope, 'write')}
      canAdmin={allows(user.scope, 'admin')}
      initialProviders={providers}
      directoryUrl={acmeSettings().directoryUrl}
      now={Date.now()}
      issueFor={typeof params.issue === 'string' ? params.issue : null}
    />
  );
}
