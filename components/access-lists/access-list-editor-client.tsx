'use client';
// The access list editor: rules one a line, users with write-only passwords, satisfy; the
// API's verdict (field errors, a taken name, a list in use) shown where it belongs.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import type { AccessListUse } from '@/core/db/access-list.ts';
import { Alert } from '@/components/ui/alert.tsx';
import { Button } from '@/components/ui/button.tsx';
import { SectionCard } from '@/components/ui/card.tsx';
import { Field } from '@/components/ui/field.tsx';
import { Select, Textarea } from '@/components/ui/input.tsx';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { PlusIcon, TrashIcon } from '@/components/ui/icons.tsx';
import { api, ApiRequestError } from '@/components/hooks/api-client.ts';
import { plural } from '@/components/ui/plural.ts';
import { toAccessListBody, type AccessListFormValue } from './access-list-form-model.ts';

export interface AccessListEditorProps {
  listId: string | null;
  initial: AccessListFormValue;
  usedBy: AccessListUse[];
  readOnly: boolean;
}

export function AccessListEditorClient({ listId, initial, usedBy, readOnly }: AccessListEditorProps) {
  const router = useRouter();
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof AccessListFormValue>(key: K, value: AccessListFormValue[K]) => setForm((f) => ({ ...f, [key]: value }));
  const setUser = (i: number, change: Partial<AccessListFormValue['users'][number]>) => set('users', form.users.map((u, j) => (j === i ? { ...u, ...change } : u)));
  const storedNames = new Set(initial.users.map((u) => u.username));

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setMessage(null);
    try {
      const answer = await api<{ accessList: { id: string }; apply: { errors: { message: string }[] } }>(listId ? 'PUT' : 'POST', listId ? `/api/v1/access-lists/${listId}` : '/api/v1/access-lists', toAccessListBody(form));
      const problem = answer.apply.errors[0]?.message;
      if (problem) setMessage(`Saved, but the engine reports: ${problem}`);
      else router.push('/access-lists');
      router.refresh();
    } catch (error) {
      if (error instanceof ApiRequestError) {
        setErrors(error.failure.fields);
        setMessage(error.failure.message);
      } else setMessage('The request failed; nothing was changed.');
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    if (!listId) return;
    setBusy(true);
    try {
      await api('DELETE', `/api/v1/access-lists/${listId}`);
      router.push('/access-lists');
      router.refresh();
    } catch (error) {
      setMessage(error instanceof Error ? error.message : 'The access list could not be deleted.');
      setBusy(false);
    }
  }

  const ruleErrors = Object.entries(errors).filter(([k]) => k.startsWith('rules'));
  return (
    <form onSubmit={save} className="space-y-6" noValidate>
      <PageHeader
        title={listId ? initial.name : 'New access list'}
        description="Rules and passwords kept under one name; every host and location that uses the list changes when it is saved."
        back={{ href: '/access-lists', label: 'Access lists' }}
        actions={
          listId && !readOnly ? (
            <Button variant="danger" onClick={remove} disabled={busy || usedBy.length > 0} title={usedBy.length > 0 ? 'Detach it from its hosts and locations first' : undefined}>
              <TrashIcon size={16} />
              Delete
            </Button>
          ) : null
        }
      />
      {message ? <Alert tone="danger" role="alert">{message}</Alert> : null}
      <SectionCard title="Name">
        <div className="max-w-sm">
          <Field label="Name" value={form.name} maxLength={64} error={errors.name} disabled={readOnly} onChange={(e) => set('name', e.target.value)} />
        </div>
      </SectionCard>
      <SectionCard title="Address rules" description="Checked in order; the first rule that matches the client address decides. End with “deny all” to allow only the addresses above it.">
        <label htmlFor="access-list-rules" className="block text-sm font-medium">Allow / deny, one rule a line</label>
        <Textarea id="access-list-rules" rows={4} className="mt-1.5 font-mono" placeholder={'allow 10.0.0.0/8\ndeny all'} value={form.rules} disabled={readOnly} onChange={(e) => set('rules', e.target.value)} />
        {ruleErrors.map(([k, v]) => (
          <p key={k} role="alert" className="mt-1 text-sm text-danger">rule {Number(k.split('.')[1]) + 1}: {v}</p>
        ))}
      </SectionCard>
      <SectionCard title="Users" description="HTTP Basic authentication. Passwords are stored hashed (bcrypt) and never shown again; leave one empty to keep it.">
        <div className="space-y-3">
          {form.users.length === 0 ? <p className="text-sm text-muted">No users: no password is asked.</p> : null}
          {form.users.map((user, i) => (
            <div key={i} className="grid gap-2 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] sm:items-end">
              <Field label={`User ${i + 1} name`} value={user.username} maxLength={128} error={errors[`users.${i}.username`]} disabled={readOnly} onChange={(e) => setUser(i, { username: e.target.value })} />
              <Field
                label={`User ${i + 1} password`}
                type="password"
                autoComplete="new-password"
                value={user.password}
                placeholder={storedNames.has(user.username) ? 'unchanged' : ''}
                error={errors[`users.${i}.password`]}
                disabled={readOnly}
                onChange={(e) => setUser(i, { password: e.target.value })}
              />
              {!readOnly ? (
                <Button variant="ghost" onClick={() => set('users', form.users.filter((_, j) => j !== i))} aria-label={`Remove user ${user.username || i + 1}`}>
                  <TrashIcon size={16} />
                </Button>
              ) : null}
            </div>
          ))}
          {!readOnly ? (
            <Button variant="secondary" size="sm" onClick={() => set('users', [...form.users, { username: '', password: '' }])}>
              <PlusIcon size={16} />
              Add user
            </Button>
          ) : null}
          <div className="grid gap-4 pt-2 sm:grid-cols-2">
            <Field label="Realm" value={form.realm} maxLength={256} error={errors.realm} disabled={readOnly} hint="Shown by the browser's sign-in prompt." onChange={(e) => set('realm', e.target.value)} />
            <div className="space-y-1.5">
              <label htmlFor="access-list-satisfy" className="block text-sm font-medium">With address rules too</label>
              <Select id="access-list-satisfy" value={form.satisfy} disabled={readOnly} onChange={(e) => set('satisfy', e.target.value as 'all' | 'any')}>
                <option value="all">Require both (satisfy all)</option>
                <option value="any">Either is enough (satisfy any)</option>
              </Select>
            </div>
          </div>
        </div>
      </SectionCard>
      {listId ? (
        <SectionCard title="Where it is used" description={usedBy.length === 0 ? 'Attach it in a host’s or a location’s Access section.' : plural(usedBy.length, 'host or location', 'hosts and locations')}>
          <ul className="space-y-1 text-sm">
            {usedBy.map((use) => (
              <li key={`${use.hostId}-${use.locationId ?? ''}`} className="break-all">
                <Link href={`/hosts/${use.hostId}`} className="font-mono hover:text-accent">{use.host}</Link>
                {use.location ? <span className="font-mono text-muted"> {use.location}</span> : <span className="text-muted"> (whole host)</span>}
              </li>
            ))}
          </ul>
        </SectionCard>
      ) : null}
      {!readOnly ? (
        <div className="flex justify-end">
          <Button type="submit" disabled={busy}>{listId ? 'Save access list' : 'Create access list'}</Button>
        </div>
      ) : null}
    </form>
  );
}
