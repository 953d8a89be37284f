'use client';
// Revoking asks first, with the reason the CA records (RFC 5280).
import { useState } from 'react';
import type { CertificateView } from '@/core/views/certificate.ts';
import { Button } from '@/components/ui/button.tsx';
import { Dialog } from '@/components/ui/dialog.tsx';
import { FieldShell, Select } from '@/components/ui/input.tsx';
import { DialogFailure } from '@/components/ui/confirm-dialog.tsx';
import { ONE_MESSAGE, useDialogSubmit } from '@/components/forms/dialog-submit.tsx';
import { api } from '@/components/hooks/api-client.ts';
import type { ApplyReport } from '@/components/hooks/use-apply-status.ts';

const REASONS = [
  { value: 'unspecified', label: 'No particular reason' },
  { value: 'keyCompromise', label: 'The private key was exposed' },
  { value: 'superseded', label: 'Replaced by another certificate' },
  { value: 'cessationOfOperation', label: 'The site no longer exists' },
  { value: 'affiliationChanged', label: 'The names changed hands' },
] as const;

export function RevokeDialog({ cert, onClose, onRevoked }: { cert: CertificateView | null; onClose(): void; onRevoked(result: CertificateView & { apply: ApplyReport }): void }) {
  const [reason, setReason] = useState<string>('unspecified');
  const { busy, error, run } = useDialogSubmit();
  async function revoke() {
    if (!cert) return;
    await run(async () => onRevoked(await api<CertificateView & { apply: ApplyReport }>('POST', `/api/v1/certificates/${cert.id}/revoke`, { reason })), ONE_MESSAGE);
  }
  return (
    <Dialog
      open={cert !== null}
      onClose={onClose}
      title={`Revoke the certificate for ${cert?.domains[0] ?? ''}?`}
      description="The CA marks it invalid for good and Portico stops serving it at once: browsers that check revocation refuse it. Hosts fall back to another certificate for their names, if there is one. This cannot be undone."
      footer={
        <>
          <Button variant="secondary" onClick={onClose} autoFocus>
            Cancel
          </Button>
          <Button variant="danger" onClick={revoke} disabled={busy}>
            {busy ? 'Revoking…' : 'Revoke certificate'}
          </Button>
        </>
      }
    >
      <div className="space-y-3">
        <FieldShell id="revoke-reason" label="Reason">
          {(c) => (
            <Select {...c} value={reason} onChange={(e) => setReason(e.target.value)}>
              {REASONS.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </Select>
          )}
        </FieldShell>
        <DialogFailure message={error} />
      </div>
    </Dialog>
  );
}
