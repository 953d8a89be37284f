'use client';
// The dialog shell of the zone editors: a form validated with the zone's shared schema,
// the API's 422 paths and 409 laid over the fields, and the engine's verdict passed on.
import type { FormEvent, ReactNode } from 'react';
import type { z } from 'zod';
import { Dialog } from '@/components/ui/dialog.tsx';
import { DialogFormFooter, useDialogSubmit, type FieldMessages } from '@/components/forms/dialog-submit.tsx';
import { FormProvider, useFormController } from '@/components/forms/form-store.tsx';
import { api, type ApiFailure } from '@/components/hooks/api-client.ts';
import type { ApplyReport } from '@/components/hooks/use-apply-status.ts';

/** A unique violation (409 naming its fields) can only be the name; another 409 (renaming a zone in use) is said as is. */
function zoneFields(failure: ApiFailure): FieldMessages {
  const unique = failure.details as { fields?: unknown } | undefined;
  return failure.status === 409 && unique?.fields !== undefined ? { ...failure.fields, name: 'another zone already has this name' } : failure.fields;
}

export function ZoneFormDialog<T extends object, S extends z.ZodType>({ id, title, description, initial, schema, endpoint, onClose, onSaved, children }: { id: string; title: string; description: ReactNode; initial: T; schema: S; endpoint: { method: 'POST' | 'PUT'; path: string }; onClose(): void; onSaved(apply: ApplyReport): void; children: ReactNode }) {
  const form = useFormController({ id, initial, schema });
  const { busy, error, run } = useDialogSubmit();
  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = form.submit();
    if (!result) return;
    form.showExternalErrors([]);
    await run(async () => onSaved((await api<{ apply: ApplyReport }>(endpoint.method, endpoint.path, result.input)).apply), {
      fieldsOf: zoneFields,
      showFields: (fields) => form.showExternalErrors(Object.entries(fields).map(([path, message]) => ({ path, message }))),
    });
  }
  return (
    <Dialog open onClose={onClose} title={title} description={description} size="lg">
      <FormProvider form={form.api}>
        <form onSubmit={submit} noValidate className="space-y-4" aria-label={title}>
          {children}
          <DialogFormFooter error={error} busy={busy} onCancel={onClose} submitLabel="Save zone" busyLabel="Saving…" />
        </form>
      </FormProvider>
    </Dialog>
  );
}
