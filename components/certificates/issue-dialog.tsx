'use client';
// Ordering a certificate for names of your choice (a host's names are prefilled when
// the dialog is opened from a host, whose HTTPS is then turned on once it is issued).
// The names are checked by the API's own schema. DNS-01 (through a DNS provider) for
// wildcards and names whose port 80 the CA cannot reach; HTTP-01 otherwise.
import { useEffect, useState, type FormEvent } from 'react';
import type { CertificateView } from '@/core/views/certificate.ts';
import type { DnsProviderView } from '@/core/db/dns-provider.ts';
import { Alert } from '@/components/ui/alert.tsx';
import { Dialog } from '@/components/ui/dialog.tsx';
import { FieldShell, Input, Select, Textarea } from '@/components/ui/input.tsx';
import { Switch } from '@/components/ui/switch.tsx';
import { DialogFormFooter, useDialogSubmit, type FieldMessages } from '@/components/forms/dialog-submit.tsx';
import { api } from '@/components/hooks/api-client.ts';

/** The API's field paths as this form's fields: domains.1 → the second name, said by name. */
function issueFields(failed: FieldMessages, names: string[]): FieldMessages {
  const out: FieldMessages = {};
  for (const [path, message] of Object.entries(failed)) {
    const m = /^domains\.(\d+)$/.exec(path);
    if (m) out.domains = `${out.domains ? `${out.domains}; ` : ''}“${names[Number(m[1])] ?? ''}”: ${message}`;
    else out[path.split('.')[0]!] = message;
  }
  return out;
}

export interface IssueHost {
  id: string;
  names: string[];
  https: boolean;
  forceHttps: boolean;
}

export function IssueDialog({
  open,
  initialNames,
  host,
  portWarning,
  directoryUrl,
  providers,
  onClose,
  onStarted,
}: {
  open: boolean;
  initialNames: string[];
  /** The host the dialog was opened for. */
  host: IssueHost | null;
  portWarning: string | null;
  directoryUrl: string;
  /** DNS providers for the DNS-01 challenge. */
  providers: DnsProviderView[];
  onClose(): void;
  onStarted(cert: CertificateView): void;
}) {
  const [names, setNames] = useState(initialNames.join('\n'));
  const [email, setEmail] = useState('');
  const [forHost, setForHost] = useState(true);
  const [redirect, setRedirect] = useState(false);
  const [providerId, setProviderId] = useState('');
  const { busy, error, fields, setFields, run, clear } = useDialogSubmit();
  useEffect(() => {
    if (open) {
      setNames(initialNames.join('\n'));
      setForHost(true);
      setRedirect(false);
      setProviderId('');
      clear();
    }
  }, [open, initialNames, clear]);

  const list = names.split(/[\s,]+/).map((n) => n.trim()).filter(Boolean);
  // A wildcard needs DNS-01: choosing a provider is then the only way.
  const wildcard = list.some((n) => n.startsWith('*.'));
  const dns01 = providerId !== '' || (wildcard && providers.length > 0);
  const chosenProvider = providerId || (dns01 ? (providers[0]?.id ?? '') : '');
  const challenge = dns01 ? { challenge: 'dns-01', dnsProviderId: chosenProvider } : wildcard ? { challenge: 'http-01' } : {};
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (list.length === 0) {
      setFields({ domains: 'enter at least one name, such as app.example.com' });
      return;
    }
    const target = host && forHost ? { hostId: host.id, ...(redirect ? { redirectHttps: true } : {}) } : {};
    await run(async () => onStarted(await api<CertificateView>('POST', '/api/v1/certificates', { domains: list, ...(email.trim() ? { email: email.trim() } : {}), ...target, ...challenge })), { fieldsOf: (failure) => issueFields(failure.fields, list) });
  }
  return (
    <Dialog open={open} onClose={onClose} title="Issue a certificate" description={<>Ordered from {directoryUrl.includes('letsencrypt.org') ? "Let's Encrypt" : <span className="font-mono break-all">{directoryUrl}</span>} {dns01 ? ' with the DNS-01 challenge: a TXT record is written through the DNS provider for each name (wildcards allowed).' : ' with the HTTP-01 challenge: each name must point at this server, and port 80 must reach it.'} Ordering accepts the CA&apos;s terms of service.</>}>
      <form onSubmit={submit} noValidate className="space-y-4">
        <FieldShell id="issue-domains" label="Names" hint="One per line. The first is the certificate's main name." error={fields.domains}>
          {(c) => <Textarea {...c} rows={3} value={names} onChange={(e) => setNames(e.target.value)} placeholder="app.example.com" autoFocus />}
        </FieldShell>
        <FieldShell
          id="issue-challenge"
          label="Validation"
          hint={providers.length === 0 ? 'Add a DNS provider below the certificates to validate through DNS (wildcards, or no public port 80).' : wildcard && !dns01 ? 'Wildcards need DNS.' : undefined}
          error={fields.challenge ?? fields.dnsProviderId}
        >
          {(c) => (
            <Select {...c} value={dns01 ? chosenProvider : ''} onChange={(e) => setProviderId(e.target.value)}>
              <option value="">HTTP-01: a token served on port 80</option>
              {providers.map((p) => (
                <option key={p.id} value={p.id}>
                  DNS-01 through {p.name}
                </option>
              ))}
            </Select>
          )}
        </FieldShell>
        <FieldShell id="issue-email" label="Contact email (optional)" hint="The CA writes here about expiry and policy. Default: the account's, else yours." error={fields.email}>
          {(c) => <Input {...c} type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="email" />}
        </FieldShell>
        {host ? (
          <div className="space-y-3 rounded-md border border-border p-3">
            <Switch
              id="issue-for-host"
              checked={forHost}
              onChange={setForHost}
              label={host.https ? `Use it for ${host.names[0] ?? 'the host'}` : `Turn HTTPS on for ${host.names[0] ?? 'the host'}`}
              hint={host.https ? 'The host already listens on HTTPS: it serves the certificate as soon as it is issued.' : 'As soon as the certificate is issued, the host also listens on HTTPS. If the order fails, the host stays as it is.'}
            />
            {forHost && !host.forceHttps ? <Switch id="issue-redirect" checked={redirect} onChange={setRedirect} label="Redirect HTTP to HTTPS" hint="Plain HTTP requests get a redirect to the same URL over HTTPS, once the certificate is issued." /> : null}
          </div>
        ) : null}
        {portWarning && !dns01 ? <Alert tone="warning">{portWarning}</Alert> : null}
        {/* The host field is not on the form: its problem is the dialog's. */}
        <DialogFormFooter error={error ?? fields.hostId ?? null} busy={busy} onCancel={onClose} submitLabel="Issue certificate" busyLabel="Starting…" />
      </form>
    </Dialog>
  );
}
