'use client';
// Adding or editing a DNS provider: its kind's fields (dns-provider-fields.ts), checked by
// the API's schema. Credentials are never shown back: left empty when editing, they stay.
import { useEffect, useState, type FormEvent } from 'react';
import type { DnsProviderView } from '@/core/db/dns-provider.ts';
import type { DnsProviderKind } from '@/core/dns/provider-settings.ts';
import { Dialog } from '@/components/ui/dialog.tsx';
import { FieldShell, Input, Select, Textarea } from '@/components/ui/input.tsx';
import { DialogFormFooter, useDialogSubmit, type FieldMessages } from '@/components/forms/dialog-submit.tsx';
import { api } from '@/components/hooks/api-client.ts';
import { formFromSettings, KIND_LABELS, PROVIDER_FIELDS, settingsFromForm } from './dns-provider-fields.ts';

const KINDS = Object.keys(KIND_LABELS) as DnsProviderKind[];

/** settings.keySecret → keySecret: the form's fields are the settings' keys. */
function providerFields(failed: FieldMessages): FieldMessages {
  return Object.fromEntries(Object.entries(failed).map(([path, message]) => [path.replace(/^settings\./, ''), message]));
}

export function DnsProviderDialog({ open, provider, onClose, onSaved }: { open: boolean; provider: DnsProviderView | null; onClose(): void; onSaved(provider: DnsProviderView): void }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<DnsProviderKind>('rfc2136');
  const [values, setValues] = useState<Record<string, string>>({});
  const { busy, error, fields, run, clear } = useDialogSubmit();
  useEffect(() => {
    if (!open) return;
    setName(provider?.name ?? '');
    setKind(provider?.kind ?? 'rfc2136');
    setValues(provider ? formFromSettings(provider.kind, provider.settings) : { keyAlgorithm: 'hmac-sha256' });
    clear();
  }, [open, provider, clear]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const settings = settingsFromForm(kind, values);
    await run(
      async () => {
        if (provider) {
          onSaved(await api<DnsProviderView>('PATCH', `/api/v1/dns-providers/${provider.id}`, { name, settings }));
        } else {
          const created = await api<{ id: string }>('POST', '/api/v1/dns-providers', { name, kind, settings });
          onSaved(await api<DnsProviderView>('GET', `/api/v1/dns-providers/${created.id}`));
        }
      },
      { fieldsOf: (failure) => providerFields(failure.fields) },
    );
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={provider ? `Edit ${provider.name}` : 'Add a DNS provider'}
      description="Where Portico writes the _acme-challenge TXT records of DNS-01 orders: wildcard certificates, and names whose port 80 the CA cannot reach. Credentials are stored encrypted and never shown again."
    >
      <form onSubmit={submit} noValidate className="space-y-4">
        <FieldShell id="dns-name" label="Name" error={fields.name}>
          {(c) => <Input {...c} value={name} onChange={(e) => setName(e.target.value)} placeholder="office-bind" autoFocus />}
        </FieldShell>
        <FieldShell id="dns-kind" label="Kind" hint={provider ? 'The kind of a provider stays; add another for another kind.' : undefined} error={fields.kind}>
          {(c) => (
            <Select {...c} value={kind} disabled={provider !== null} onChange={(e) => setKind(e.target.value as DnsProviderKind)}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </Select>
          )}
        </FieldShell>
        {PROVIDER_FIELDS[kind].map((field) => {
          const stored = provider && field.secret && provider.settings[`${field.key}Set`] === true;
          const hint = [field.hint, stored ? 'Stored; leave empty to keep it.' : null, field.optional ? 'Optional.' : null].filter(Boolean).join(' ');
          const set = (value: string) => setValues((v) => ({ ...v, [field.key]: value }));
          return (
            <FieldShell key={`${kind}-${field.key}`} id={`dns-${field.key}`} label={field.label} hint={hint || undefined} error={fields[field.key]}>
              {(c) =>
                field.choices ? (
                  <Select {...c} value={values[field.key] ?? field.choices[0]} onChange={(e) => set(e.target.value)}>
                    {field.choices.map((choice) => (
                      <option key={choice}>{choice}</option>
                    ))}
                  </Select>
                ) : field.list ? (
                  <Textarea {...c} rows={2} value={values[field.key] ?? ''} onChange={(e) => set(e.target.value)} />
                ) : (
                  <Input
                    {...c}
                    type={field.secret ? 'password' : 'text'}
                    inputMode={field.number ? 'numeric' : undefined}
                    autoComplete={field.secret ? 'new-password' : 'off'}
                    placeholder={stored ? '••••••••' : field.placeholder}
                    value={values[field.key] ?? ''}
                    onChange={(e) => set(e.target.value)}
                  />
                )
              }
            </FieldShell>
          );
        })}
        <DialogFormFooter error={error} busy={busy} onCancel={onClose} submitLabel={provider ? 'Save' : 'Add provider'} busyLabel="Saving…" />
      </form>
    </Dialog>
  );
}
