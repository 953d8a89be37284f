'use client';
// The dialog shell of the zone editors: a form validated with the zone's shared schema,
// the API's 422 paths and 409 laid over the fields, and the engine's verdict passed on.
import { useState, type FormEvent, type ReactNode } from 'react';
import type { z } from 'zod';
import { Alert } from '@/components/ui/alert.tsx';
import { Button } from '@/components/ui/button.tsx';
import { Dialog } from '@/components/ui/dialog.tsx';
import { FormProvider, useFormController } from '@/components/forms/form-store.tsx';
import { api, ApiRequestError } from '@/components/hooks/api-client.ts';
import type { ApplyReport } from '@/components/hooks/use-apply-status.ts';

export function ZoneFormDialog<T extends object, S extends z.ZodType>({ id, title, description, initial, schema, endpoint, onClose, onSaved, children }: { id: string; title: string; description: ReactNode; initial: T; schema: S; endpoint: { method: 'POST' | 'PUT'; path: string }; onClose(): void; onSaved(apply: ApplyReport): void; children: ReactNode }) {
  const form = useFormController({ id, initial, schema });
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    const result = form.submit();
    if (!result) return;
    setBusy(true);
    try {
      const res = await api<{ apply: ApplyReport }>(endpoint.method, endpoint.path, result.input);
      onSaved(res.apply);
    } catch (e) {
      if (e instanceof ApiRequestError) {
        const fields = Object.entries(e.failure.fields).map(([path, m]) => ({ path, message: m }));
        // A unique violation (409 naming its fields) can only be the name; another 409 (renaming a zone in use) is said as is.
        const unique = e.failure.details as { fields?: unknown } | undefined;
        if (e.failure.status === 409 && unique?.fields !== undefined) fields.push({ path: 'name', message: 'another zone already has this name' });
        form.showExternalErrors(fields);
        if (!fields.length) setMessage(e.failure.message);
      } else setMessage('The dashboard could not be reached.');
    } finally {
      setBusy(false);
    }
  }
  return (
    <Dialog open onClose={onClose} title={title} description={description} size="lg">
      <FormProvider form={form.api}>
        <form onSubmit={submit} noValidate className="space-y-4" aria-label={title}>
          {children}
          {message ? (
            <Alert tone="danger" role="alert">
              {message}
            </Alert>
          ) : null}
          <div className="flex justify-end gap-2 pt-1">
            <Button variant="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={busy}>
              {busy ? 'Saving…' : 'Save zone'}
            </Button>
          </div>
        </form>
      </FormProvider>
    </Dialog>
  );
}
