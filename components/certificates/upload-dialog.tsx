'use client';
// Adding your own certificate: the PEM certificate, its key and intermediates, pasted or
// read from files, checked by the API (key matches, not expired, names present; a
// self-signed one is accepted and said to be); problems shown at their field.
import { useState, type FormEvent } from 'react';
import type { CertificateView } from '@/core/views/certificate.ts';
import { Dialog } from '@/components/ui/dialog.tsx';
import { FieldShell, Textarea } from '@/components/ui/input.tsx';
import { buttonClass } from '@/components/ui/button.tsx';
import { DialogFormFooter, useDialogSubmit } from '@/components/forms/dialog-submit.tsx';
import { api } from '@/components/hooks/api-client.ts';
import type { ApplyReport } from '@/components/hooks/use-apply-status.ts';

export type UploadResult = CertificateView & { apply: ApplyReport };

const FIELDS = [
  { key: 'certPem', label: 'Certificate', what: 'the certificate', hint: 'PEM, starting with -----BEGIN CERTIFICATE-----; intermediates may follow. Self-signed ones are accepted.', rows: 6, maxBytes: 65536 },
  { key: 'keyPem', label: 'Private key', what: 'the private key', hint: 'Unencrypted PEM. Stored encrypted with data/secret.key; never shown again.', rows: 5, maxBytes: 16384 },
  { key: 'chainPem', label: 'Intermediate certificates (optional)', what: 'the intermediate certificates', hint: 'If they are not appended to the certificate above.', rows: 4, maxBytes: 65536 },
] as const;

/** A file picker beside a paste box: reads a PEM file (cert.pem, privkey.pem, fullchain.pem …) into it. */
function FilePicker({ what, maxBytes, onText, onError }: { what: string; maxBytes: number; onText(text: string): void; onError(message: string): void }) {
  return (
    <label className={buttonClass('secondary', 'sm', 'cursor-pointer has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-accent')}>
      <input
        type="file"
        className="sr-only"
        accept=".pem,.crt,.cer,.key,.txt,application/x-pem-file,application/x-x509-ca-cert"
        aria-label={`Load ${what} from a file`}
        onChange={async (e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (!file) return;
          if (file.size > maxBytes) return onError(`${file.name} is ${file.size.toLocaleString('en')} bytes; ${what} in PEM is at most ${maxBytes.toLocaleString('en')}. Choose the PEM file.`);
          onText(await file.text());
        }}
      />
      From a file…
    </label>
  );
}

export function UploadDialog({ open, onClose, onUploaded }: { open: boolean; onClose(): void; onUploaded(result: UploadResult): void }) {
  const [values, setValues] = useState({ certPem: '', keyPem: '', chainPem: '' });
  const { busy, error, fields, setFields, run, clear } = useDialogSubmit();
  function close() {
    setValues({ certPem: '', keyPem: '', chainPem: '' });
    clear();
    onClose();
  }
  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (!values.certPem.trim()) missing.certPem = 'paste the certificate';
    if (!values.keyPem.trim()) missing.keyPem = 'paste its private key';
    setFields(missing);
    if (Object.keys(missing).length) return;
    await run(async () => {
      const result = await api<UploadResult>('POST', '/api/v1/certificates/upload', { certPem: values.certPem, keyPem: values.keyPem, ...(values.chainPem.trim() ? { chainPem: values.chainPem } : {}) });
      setValues({ certPem: '', keyPem: '', chainPem: '' });
      onUploaded(result);
    });
  }
  return (
    <Dialog open={open} onClose={close} size="lg" title="Upload a certificate" description="For certificates from another CA, or your own. Portico serves it for the names it lists and warns before it expires.">
      <form onSubmit={submit} noValidate className="space-y-4">
        {FIELDS.map((f) => (
          <FieldShell
            key={f.key}
            id={`upload-${f.key}`}
            label={f.label}
            hint={f.hint}
            error={fields[f.key]}
            trailing={
              <FilePicker
                what={f.what}
                maxBytes={f.maxBytes}
                onText={(text) => {
                  setValues((v) => ({ ...v, [f.key]: text }));
                  setFields(({ [f.key]: _cleared, ...rest }) => rest);
                }}
                onError={(message) => setFields((all) => ({ ...all, [f.key]: message }))}
              />
            }
          >
            {(c) => <Textarea {...c} rows={f.rows} value={values[f.key]} onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value }))} spellCheck={false} className="text-xs" />}
          </FieldShell>
        ))}
        <DialogFormFooter error={error} busy={busy} onCancel={close} submitLabel="Upload certificate" busyLabel="Checking…" />
      </form>
    </Dialog>
  );
}
