import type { Metadata } from 'next';
import { getDb } from '@/app/_lib/db.ts';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { accountView } from '@/core/acme/account.ts';
import { acmeSettings } from '@/core/acme/settings.ts';
import { Badge } from '@/components/ui/badge.tsx';
import { SectionCard } from '@/components/ui/card.tsx';
import { RelativeTime } from '@/components/ui/relative-time.tsx';

export const metadata: Metadata = { title: 'ACME' };

function directoryName(url: string): string {
  if (url.includes('acme-staging-v02.api.letsencrypt.org')) return "Let's Encrypt (staging)";
  if (url.includes('acme-v02.api.letsencrypt.org')) return "Let's Encrypt";
  if (url.includes('zerossl')) return 'ZeroSSL';
  return 'A private or test CA';
}

export default async function AcmePage() {
  await requirePageUser();
  const settings = acmeSettings();
  const accounts = (await (await getDb()).acmeAccount.findMany({ orderBy: { createdAt: 'asc' } })).map(accountView);
  return (
    <div className="space-y-6">
      <SectionCard id="directory" title="Directory" description="Where certificates are ordered. Set with PORTICO_ACME_DIRECTORY_URL (PORTICO_ACME_CA_FILE adds a CA to trust for it).">
        <dl className="space-y-3 text-sm">
          <div>
            <dt className="text-muted">Certificate authority</dt>
            <dd className="font-medium">{directoryName(settings.directoryUrl)}</dd>
          </div>
          <div>
            <dt className="text-muted">Directory URL</dt>
            <dd className="font-mono text-xs break-all">{settings.directoryUrl}</dd>
          </div>
          <div>
            <dt className="text-muted">HTTP-01 validation</dt>
            <dd>
              The CA connects to port <span className="font-mono">{settings.validationPort}</span> of each name; Portico answers the challenge on its HTTP entrypoint.
              {settings.caFile ? (
                <>
                  {' '}
                  Extra CA trusted: <span className="font-mono text-xs break-all">{settings.caFile}</span>.
                </>
              ) : null}
            </dd>
          </div>
        </dl>
      </SectionCard>
      <SectionCard id="accounts" title="Accounts" description="One account per directory, created with the first order (its key is stored encrypted and never shown).">
        {accounts.length === 0 ? (
          <p className="text-sm text-muted">No account yet: the first certificate you issue registers one, with your email as the contact unless you give another.</p>
        ) : (
          <ul className="divide-y divide-border text-sm">
            {accounts.map((a) => (
              <li key={a.id} className="space-y-1 py-3 first:pt-0 last:pb-0">
                <p className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{directoryName(a.directoryUrl)}</span>
                  {a.directoryUrl === settings.directoryUrl ? <Badge tone="accent">in use</Badge> : null}
                  {a.termsAgreed ? <Badge tone="success">terms accepted</Badge> : <Badge tone="warning">not registered yet</Badge>}
                </p>
                <p className="font-mono text-xs break-all text-muted">{a.directoryUrl}</p>
                <p className="text-muted">
                  Contact {a.email ?? 'none'} · created <RelativeTime iso={a.createdAt} />
                </p>
                {a.accountUrl ? <p className="font-mono text-xs break-all text-muted">{a.accountUrl}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </SectionCard>
    </div>
  );
}
