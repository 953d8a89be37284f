'use client';
// Certificates: one-click issuance for a host's names with its progress shown live, the
// expiry time line, and renew, revoke, upload and delete.
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import type { CertificateView } from '@/core/views/certificate.ts';
import type { DnsProviderView } from '@/core/db/dns-provider.ts';
import { Alert, FailureAlert } from '@/components/ui/alert.tsx';
import { Button } from '@/components/ui/button.tsx';
import { SectionCard } from '@/components/ui/card.tsx';
import { ConfirmDialog } from '@/components/ui/confirm-dialog.tsx';
import { EmptyState } from '@/components/ui/empty-state.tsx';
import { LockIcon, PlusIcon, UploadIcon } from '@/components/ui/icons.tsx';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { ApplyReportView } from '@/components/forms/apply-report.tsx';
import { api, failureMessage } from '@/components/hooks/api-client.ts';
import { useApplyStatus, type ApplyReport } from '@/components/hooks/use-apply-status.ts';
import { CertificateItem } from './certificate-item.tsx';
import { ExpiryTimeline } from './expiry-timeline.tsx';
import { HostsWithoutCertificates, type UncoveredHost } from './hosts-without-certificates.tsx';
import { IssueDialog } from './issue-dialog.tsx';
import { coveringCertificates, issuableNames } from './names.ts';
import { DnsProvidersSection } from './dns-providers-section.tsx';
import { RevokeDialog } from './revoke-dialog.tsx';
import { UploadDialog } from './upload-dialog.tsx';
import { useOrderPolling } from './use-order-polling.ts';

const NO_NAMES: string[] = [];

export interface CertHost {
  id: string;
  names: string[];
  https: boolean;
  forceHttps: boolean;
}

export function CertificatesClient({
  initial,
  hosts,
  canWrite,
  directoryUrl,
  now,
  issueFor,
  portWarning,
  initialProviders,
  canAdmin,
}: {
  initial: CertificateView[];
  initialProviders: DnsProviderView[];
  /** DNS providers hold credentials (and exec runs a command): administrators manage them. */
  canAdmin: boolean;
  hosts: CertHost[];
  canWrite: boolean;
  directoryUrl: string;
  now: number;
  issueFor: string | null;
  /** Said before ordering when HTTP-01 cannot reach this Portico on port 80. */
  portWarning: string | null;
}) {
  const router = useRouter();
  const [certificates, setCertificates] = useState(initial);
  const [providers, setProviders] = useState(initialProviders);
  // The dialog's names, and the host it was opened for (its HTTPS is turned on once issued).
  const [issuing, setIssuing] = useState<{ names: string[]; host: CertHost | null } | null>(() => {
    const host = issueFor ? hosts.find((h) => h.id === issueFor) : undefined;
    return host ? { names: issuableNames(host.names), host } : null;
  });
  const [uploading, setUploading] = useState(false);
  const [revoking, setRevoking] = useState<CertificateView | null>(null);
  const [deleting, setDeleting] = useState<CertificateView | null>(null);
  const [startingFor, setStartingFor] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ title: string; apply: ApplyReport } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const report = useApplyStatus(notice?.apply ?? null, []);

  const upsert = (cert: CertificateView) => setCertificates((all) => (all.some((c) => c.id === cert.id) ? all.map((c) => (c.id === cert.id ? { ...c, ...cert } : c)) : [cert, ...all]));
  useOrderPolling(certificates, (cert) => {
    upsert(cert);
    // Issued: the host list's "without a certificate" and the editors' pickers change.
    if (!cert.running && cert.status === 'valid') router.refresh();
  });

  const uncovered = useMemo<UncoveredHost[]>(
    () =>
      hosts.flatMap((h) => {
        const names = issuableNames(h.names);
        const missing = names.filter((n) => coveringCertificates(certificates, n).length === 0);
        return missing.length ? [{ id: h.id, name: h.names[0] ?? h.id, https: h.https, forceHttps: h.forceHttps, uncovered: missing, names }] : [];
      }),
    [hosts, certificates],
  );

  async function issueForHost(host: UncoveredHost, redirectHttps: boolean) {
    setStartingFor(host.id);
    setError(null);
    try {
      upsert(await api<CertificateView>('POST', '/api/v1/certificates', { domains: host.names, hostId: host.id, ...(redirectHttps ? { redirectHttps } : {}) }));
    } catch (e) {
      setError(failureMessage(e));
    } finally {
      setStartingFor(null);
    }
  }
  async function renew(cert: CertificateView) {
    setError(null);
    try {
      upsert(await api<CertificateView>('POST', `/api/v1/certificates/${cert.id}/renew`));
    } catch (e) {
      setError(failureMessage(e));
    }
  }

  const actions = canWrite ? (
    <>
      <Button variant="secondary" onClick={() => setUploading(true)}>
        <UploadIcon size={16} />
        Upload
      </Button>
      <Button onClick={() => setIssuing({ names: [], host: null })}>
        <PlusIcon size={16} />
        Issue certificate
      </Button>
    </>
  ) : null;

  return (
    <div className="space-y-6">
      <PageHeader title="Certificates" description="TLS certificates for the HTTPS entrypoint: issued by ACME (Let's Encrypt by default) and renewed automatically, or uploaded. Hosts pick theirs by name unless one is pinned." actions={certificates.length > 0 ? actions : null} />
      {notice && report ? <ApplyReportView report={report} what="certificate change" /> : null}
      <FailureAlert title="That did not work" message={error} />
      {portWarning && canWrite ? (
        <Alert tone="warning" title="Orders will fail unless port 80 reaches Portico">
          {portWarning}
        </Alert>
      ) : null}
      <HostsWithoutCertificates hosts={uncovered} canWrite={canWrite} busy={startingFor} onIssue={issueForHost} />
      {certificates.length === 0 ? (
        <EmptyState icon={<LockIcon size={20} />} title="No certificates yet" action={actions ? <div className="flex flex-wrap justify-center gap-2">{actions}</div> : null}>
          {hosts.length === 0 ? 'Create a host first; then issue a certificate for its names here in one click.' : 'Issue one for a host above in one click, or for names of your choice. It renews itself before it expires.'}
        </EmptyState>
      ) : (
        <>
          <ul className="space-y-3" aria-label="Certificates">
            {certificates.map((c) => (
              <li key={c.id}>
                <CertificateItem cert={c} canWrite={canWrite} onRenew={() => renew(c)} onRevoke={() => setRevoking(c)} onDelete={() => setDeleting(c)} />
              </li>
            ))}
          </ul>
          <SectionCard id="timeline" title="Expiry time line" description="When each valid certificate expires, and when it renews (the mark on its bar).">
            <ExpiryTimeline certificates={certificates} now={now} />
          </SectionCard>
        </>
      )}
      <DnsProvidersSection providers={providers} canAdmin={canAdmin} onChange={setProviders} />
      <IssueDialog
        open={issuing !== null}
        providers={providers}
        initialNames={issuing?.names ?? NO_NAMES}
        host={issuing?.host ?? null}
        portWarning={portWarning}
        directoryUrl={directoryUrl}
        onClose={() => setIssuing(null)}
        onStarted={(cert) => {
          setIssuing(null);
          upsert(cert);
        }}
      />
      <UploadDialog
        open={uploading}
        onClose={() => setUploading(false)}
        onUploaded={({ apply, ...cert }) => {
          setUploading(false);
          upsert(cert);
          setNotice({ title: 'Uploaded', apply });
          router.refresh();
        }}
      />
      <RevokeDialog
        cert={revoking}
        onClose={() => setRevoking(null)}
        onRevoked={({ apply, ...cert }) => {
          setRevoking(null);
          upsert(cert);
          setNotice({ title: 'Revoked', apply });
        }}
      />
      <ConfirmDialog
        open={deleting !== null}
        onCancel={() => setDeleting(null)}
        onConfirm={async () => {
          if (!deleting) return;
          const res = await api<{ apply: ApplyReport }>('DELETE', `/api/v1/certificates/${deleting.id}`);
          setCertificates((all) => all.filter((c) => c.id !== deleting.id));
          setNotice({ title: 'Deleted', apply: res.apply });
          setDeleting(null);
          router.refresh();
        }}
        title={`Delete the certificate for ${deleting?.domains[0] ?? ''}?`}
        description={`Portico stops serving it at once${deleting?.hosts.length ? `; ${deleting.hosts.map((h) => h.name).join(', ')} will pick another certificate by name, if there is one` : ''}. It is not revoked with the CA. The deletion is recorded in the audit log.`}
        confirmLabel="Delete certificate"
        busyLabel="Deleting…"
      />
    </div>
  );
}
