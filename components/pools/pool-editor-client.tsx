'use client';
// The pool editor: validated with the shared PoolInput schema as you type; after a save,
// the engine's verdict on the pool.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { PoolInput } from '@/core/config/pool.ts';
import type { PoolUser } from '@/core/views/pool.ts';
import type { PoolView } from '@/core/views/pool.ts';
import { Button } from '@/components/ui/button.tsx';
import { ConfirmDialog } from '@/components/ui/confirm-dialog.tsx';
import { Dialog } from '@/components/ui/dialog.tsx';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { EditorActions, EngineVerdict } from '@/components/forms/editor-header.tsx';
import { SaveProblems, useEditorSave } from '@/components/forms/editor-save.tsx';
import { FormProvider, useFormController, type FieldError } from '@/components/forms/form-store.tsx';
import { SaveBar } from '@/components/forms/save-bar.tsx';
import { UnsavedGuard } from '@/components/forms/unsaved-guard.tsx';
import { api, ApiRequestError } from '@/components/hooks/api-client.ts';
import { setFlash } from '@/components/hooks/flash.ts';
import type { ApplyReport } from '@/components/hooks/use-apply-status.ts';
import { describePoolPath, toPoolForm, type PoolFormValue } from './pool-form-model.ts';
import { HealthCheckCard, KeepaliveCard, PoolBasicsCard, QueueAndTlsCard } from './pool-settings.tsx';
import { PoolHealthClient } from './pool-health-client.tsx';
import { ServersEditor } from './servers-editor.tsx';
import { noun, plural } from '@/components/ui/plural.ts';

export interface PoolEditorProps {
  poolId: string | null;
  initial: PoolFormValue;
  /** The locations that send to the pool (it cannot be deleted while there are any). */
  usedBy: PoolUser[];
  readOnly: boolean;
  engineErrors: FieldError[];
  /** The audit log filtered to this pool, for those who may read it. */
  historyHref: string | null;
}

export function PoolEditorClient({ poolId, initial, usedBy, readOnly, engineErrors, historyHref }: PoolEditorProps) {
  const router = useRouter();
  const form = useFormController({ id: 'pool', initial, schema: PoolInput, readOnly, initialErrors: engineErrors.filter((e) => e.path) });
  const [saved, setSaved] = useState(initial);
  const [confirmDelete, setConfirmDelete] = useState(false);
  // A delete refused because locations use the pool (this page may be older than that).
  const [users, setUsers] = useState<PoolUser[]>(usedBy);
  const saving = useEditorSave({
    form,
    readOnly,
    objectIds: poolId ? [poolId] : [],
    flashKey: poolId ? `pool:${poolId}` : 'pool:new',
    send: (input) => (poolId ? api<{ pool: PoolView; apply: ApplyReport }>('PUT', `/api/v1/pools/${poolId}`, input) : api<{ pool: PoolView; apply: ApplyReport }>('POST', '/api/v1/pools', input)),
    saved: (res) => {
      const fresh = toPoolForm(res.pool);
      const next = { ...fresh, servers: fresh.servers.map((s, i) => ({ ...s, _key: form.value.servers[i]?._key ?? s._key })) };
      form.reset(next);
      setSaved(next);
      form.showExternalErrors(res.apply.errors.filter((e) => e.path).map((e) => ({ path: e.path, message: e.message })), next);
      if (poolId) return res.apply;
      setFlash(`pool:${res.pool.id}`, res.apply);
      router.replace(`/pools/${res.pool.id}`);
      return null;
    },
    // A duplicate name is a 409 without a path: it can only be the name.
    conflictFields: () => [{ path: 'name', message: 'another pool already has this name' }],
  });

  async function remove() {
    let res: { apply: ApplyReport };
    try {
      res = await api<{ apply: ApplyReport }>('DELETE', `/api/v1/pools/${poolId}`);
    } catch (e) {
      const inUse = e instanceof ApiRequestError && e.failure.status === 409 ? (e.failure.details as { usedBy?: PoolUser[] } | undefined)?.usedBy : undefined;
      if (!inUse) throw e;
      setUsers(inUse);
      return;
    }
    setFlash('pools', { action: 'deleted', name: saved.name, apply: res.apply });
    form.reset(form.value);
    router.push('/pools');
    router.refresh();
  }

  return (
    <FormProvider form={form.api}>
      <form ref={saving.formRef} onSubmit={saving.save} noValidate aria-label={poolId ? `Edit pool ${saved.name}` : 'New pool'} className="space-y-6">
        <PageHeader
          back={{ href: '/pools', label: 'Pools' }}
          title={poolId ? saved.name : 'New pool'}
          description={poolId ? `${plural(saved.servers.length, 'server')} · used by ${plural(users.length, 'location')}` : 'List the servers, choose how to balance between them, and save.'}
          actions={<EditorActions historyHref={historyHref} deleteLabel="Delete pool" onDelete={poolId && !readOnly ? () => setConfirmDelete(true) : null} />}
        />
        <EngineVerdict
          report={saving.report}
          dirty={form.dirty}
          what="pool"
          describeReported={(path) => describePoolPath(form.value, path)}
          engineErrors={engineErrors}
          disabledTitle="The engine has disabled this pool"
          describeFound={(path) => describePoolPath(saved, path)}
        />
        <SaveProblems save={saving} errors={form.visibleErrors.length ? form.visibleErrors : form.issues} describe={(p) => describePoolPath(form.value, p)} domId={form.api.domId} />
        {poolId ? <PoolHealthClient poolId={poolId} /> : null}
        <PoolBasicsCard autoFocus={!poolId} />
        <ServersEditor />
        <HealthCheckCard />
        <KeepaliveCard />
        <QueueAndTlsCard />
        <SaveBar dirty={form.dirty} busy={saving.busy} readOnly={readOnly} saveLabel={poolId ? 'Save changes' : 'Create pool'} onDiscard={() => form.reset(saved)} />
      </form>
      <UnsavedGuard dirty={form.dirty && !saving.busy} />
      {poolId && users.length > 0 ? (
        <Dialog
          open={confirmDelete}
          onClose={() => setConfirmDelete(false)}
          title={`${saved.name} is in use`}
          description={`${plural(users.length, 'location')} ${noun(users.length, 'sends')} requests to this pool. Point ${noun(users.length, 'it')} at another pool or an address first; then it can be deleted.`}
          footer={
            <Button variant="secondary" onClick={() => setConfirmDelete(false)} autoFocus>
              Close
            </Button>
          }
        >
          <PoolUsersList users={users} />
        </Dialog>
      ) : poolId ? (
        <ConfirmDialog
          open={confirmDelete}
          onCancel={() => setConfirmDelete(false)}
          onConfirm={remove}
          title={`Delete ${saved.name}?`}
          description={`Its ${plural(saved.servers.length, 'server')} ${noun(saved.servers.length, 'is')} removed from Portico (the servers themselves are untouched). No location uses it. The deletion is recorded in the audit log.`}
          confirmLabel="Delete pool"
          busyLabel="Deleting…"
        />
      ) : null}
    </FormProvider>
  );
}

/** The locations that use the pool, each a link to it in its host's editor. */
function PoolUsersList({ users }: { users: PoolUser[] }) {
  return (
    <ul className="space-y-1 text-sm" aria-label="Locations that use this pool">
      {users.map((u) => (
        <li key={u.locationId} className="min-w-0">
          <Link href={`/hosts/${u.hostId}#location-${u.locationId}`} className="text-accent hover:underline">
            <span className="font-medium">{u.host}</span> <span className="font-mono text-[13px]">{u.path}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
