'use client';
// The host editor: validates with the shared HostInput schema as you type, maps the
// API's 422 paths and the engine's errors onto the fields, warns before unsaved changes
// are lost, and after a save says what the engine did with it.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { HostInput } from '@/core/config/host.ts';
import type { HostView } from '@/core/views/host.ts';
import { SectionCard } from '@/components/ui/card.tsx';
import { ConfirmDialog } from '@/components/ui/confirm-dialog.tsx';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { EditorActions, EngineVerdict } from '@/components/forms/editor-header.tsx';
import { SaveProblems, useEditorSave } from '@/components/forms/editor-save.tsx';
import { FormProvider, useFormController, type FieldError } from '@/components/forms/form-store.tsx';
import { SaveBar } from '@/components/forms/save-bar.tsx';
import { UnsavedGuard } from '@/components/forms/unsaved-guard.tsx';
import { api, ApiRequestError } from '@/components/hooks/api-client.ts';
import { setFlash } from '@/components/hooks/flash.ts';
import type { ApplyReport } from '@/components/hooks/use-apply-status.ts';
import { PolicySections } from '@/components/policies/policy-sections.tsx';
import { createZoneRequest, defaultZoneOption, defaultZonesToCreate } from '@/components/policies/default-zones.ts';
import { ZonesProvider, type ZoneNames } from '@/components/policies/zones-context.tsx';
import { describeHostPath, placeEngineError, toFormValue, type HostFormValue, type PoolOption } from './host-form-model.ts';
import type { CertificateOption } from './certificate-field.tsx';
import { HostHttpsCard, HostNamesCard } from './host-general.tsx';
import { LocationList } from './location-list.tsx';
import { noun, plural } from '@/components/ui/plural.ts';

export interface HostEditorProps {
  hostId: string | null;
  initial: HostFormValue;
  pools: PoolOption[];
  readOnly: boolean;
  /** The engine's current errors for this host, as field paths. */
  engineErrors: FieldError[];
  zones: ZoneNames;
  /** Certificates the host may pin (valid ones, and the one it pins). */
  certificates: CertificateOption[];
  /** The audit log filtered to this host, for those who may read it. */
  historyHref: string | null;
}

/** Engine errors name locations by id; a field path needs their position. */
function engineErrorFields(errors: ApplyReport['errors'], value: HostFormValue): FieldError[] {
  return errors.flatMap((e) => {
    if (e.path) return [{ path: placeEngineError(e.path, value), message: e.message }];
    const index = value.locations.findIndex((l) => l.id === e.objectId);
    return index >= 0 ? [{ path: `locations.${index}`, message: e.message }] : [];
  });
}

export function HostEditorClient({ hostId, initial, pools, readOnly, engineErrors, zones, certificates, historyHref }: HostEditorProps) {
  const router = useRouter();
  const form = useFormController({ id: 'host', initial, schema: HostInput, readOnly, initialErrors: engineErrors.filter((e) => e.path) });
  const [ids, setIds] = useState<string[]>(() => (hostId ? [hostId, ...initial.locations.flatMap((l) => (l.id ? [l.id] : []))] : []));
  const [confirmDelete, setConfirmDelete] = useState(false);
  // Zones the save created (a section's default zone) join the pickers at once.
  const [knownZones, setKnownZones] = useState(zones);
  // The last saved state: what Discard returns to and what the header describes.
  const [saved, setSaved] = useState(initial);
  const saving = useEditorSave({
    form,
    readOnly,
    objectIds: ids,
    flashKey: hostId ? `host:${hostId}` : 'host:new',
    prepare: createDefaultZones,
    send: (input) => (hostId ? api<{ host: HostView; apply: ApplyReport }>('PUT', `/api/v1/hosts/${hostId}`, input) : api<{ host: HostView; apply: ApplyReport }>('POST', '/api/v1/hosts', input)),
    saved: (res) => {
      const fresh = toFormValue(res.host);
      // The API keeps the order it was sent: keep each location's client key, so open
      // cards stay open after a save.
      const next = { ...fresh, locations: fresh.locations.map((l, i) => ({ ...l, _key: form.value.locations[i]?._key ?? l._key })) };
      form.reset(next);
      setSaved(next);
      form.showExternalErrors(engineErrorFields(res.apply.errors, next), next);
      setIds([res.host.id, ...res.host.locations.map((l) => l.id)]);
      if (hostId) return res.apply;
      setFlash(`host:${res.host.id}`, res.apply);
      router.replace(`/hosts/${res.host.id}`);
      return null;
    },
    // A clash names its field (a server name another host uses).
    conflictFields: (failure) => {
      const conflict = failure.details as { path?: string } | undefined;
      return conflict?.path ? [{ path: conflict.path, message: failure.message }] : [];
    },
  });

  /** The default zones the form picked that do not exist yet, created before the host is saved. */
  async function createDefaultZones(input: unknown): Promise<string | null> {
    for (const kind of defaultZonesToCreate(input as Parameters<typeof defaultZonesToCreate>[0], knownZones)) {
      const { path, body } = createZoneRequest(kind);
      try {
        await api('POST', path, body);
      } catch (e) {
        // Made meanwhile (another tab): it exists, which is all the host needs.
        if (!(e instanceof ApiRequestError && e.failure.status === 409)) {
          return `The ${kind === 'cache' ? 'cache' : 'limit'} zone “${defaultZoneOption(kind).name}” could not be created: ${e instanceof ApiRequestError ? e.failure.message : 'the dashboard could not be reached'}. Nothing was saved; try again.`;
        }
      }
      setKnownZones((all) => ({ ...all, [kind]: [...all[kind], defaultZoneOption(kind)] }));
    }
    return null;
  }

  async function remove() {
    const res = await api<{ apply: ApplyReport }>('DELETE', `/api/v1/hosts/${hostId}`);
    setFlash('hosts', { action: 'deleted', name: saved.serverNames[0] ?? 'the host', apply: res.apply });
    form.reset(form.value);
    router.push('/hosts');
    router.refresh();
  }

  const title = hostId ? (saved.serverNames[0] ?? 'Host') : 'New host';
  return (
    <FormProvider form={form.api}>
      <ZonesProvider zones={knownZones}>
        <form ref={saving.formRef} onSubmit={saving.save} noValidate aria-label={hostId ? `Edit ${title}` : 'New host'} className="space-y-6">
          <PageHeader
            back={{ href: '/hosts', label: 'Hosts' }}
            title={title}
            description={hostId ? `${plural(saved.serverNames.length, 'name')} · ${plural(saved.locations.length, 'location')}` : 'Name it, choose where its requests go, and save: the change is live within a second.'}
            actions={<EditorActions historyHref={historyHref} deleteLabel="Delete host" onDelete={hostId && !readOnly ? () => setConfirmDelete(true) : null} />}
          />
          <EngineVerdict
            report={saving.report}
            dirty={form.dirty}
            what="host"
            describeReported={(path) => describeHostPath(form.value, placeEngineError(path, form.value))}
            engineErrors={engineErrors}
            disabledTitle="The engine has disabled part of this host"
            describeFound={(path) => describeHostPath(saved, path)}
          />
          <SaveProblems save={saving} errors={form.visibleErrors.length ? form.visibleErrors : form.issues} describe={(p) => describeHostPath(form.value, p)} domId={form.api.domId} />
          <HostNamesCard autoFocus={!hostId} />
          <LocationList pools={pools} />
          <HostHttpsCard certificates={certificates} hostId={hostId} />
          <SectionCard id="host-policies" title="Host-wide policies" description="Apply to every location of this host unless a location overrides the section.">
            <PolicySections base="policies" scope="host" />
          </SectionCard>
          <SaveBar dirty={form.dirty} busy={saving.busy} readOnly={readOnly} saveLabel={hostId ? 'Save changes' : 'Create host'} onDiscard={() => form.reset(saved)} />
        </form>
      </ZonesProvider>
      <UnsavedGuard dirty={form.dirty && !saving.busy} />
      {hostId ? (
        <ConfirmDialog
          open={confirmDelete}
          onCancel={() => setConfirmDelete(false)}
          onConfirm={remove}
          title={`Delete ${title}?`}
          description={`Requests for ${saved.serverNames.join(', ')} stop being served at once, and its ${saved.locations.length === 1 ? 'location' : plural(saved.locations.length, 'location')} ${noun(saved.locations.length, 'is')} deleted with it. The deletion is recorded in the audit log.`}
          confirmLabel="Delete host"
          busyLabel="Deleting…"
        />
      ) : null}
    </FormProvider>
  );
}
