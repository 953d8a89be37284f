'use client';
// Users and roles (administrators only): add a user with an initial password, change a
// role in place, delete. The API refuses to remove the last administrator or yourself.
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import type { UserView } from '@/core/views/user.ts';
import { Badge } from '@/components/ui/badge.tsx';
import { Button } from '@/components/ui/button.tsx';
import { Card } from '@/components/ui/card.tsx';
import { ConfirmDialog } from '@/components/ui/confirm-dialog.tsx';
import { Dialog } from '@/components/ui/dialog.tsx';
import { Field } from '@/components/ui/field.tsx';
import { PlusIcon } from '@/components/ui/icons.tsx';
import { FieldShell, Select } from '@/components/ui/input.tsx';
import { RelativeTime } from '@/components/ui/relative-time.tsx';
import { DialogFormFooter, useDialogSubmit } from '@/components/forms/dialog-submit.tsx';
import { api, failureMessage } from '@/components/hooks/api-client.ts';
import { emailProblem, PASSWORD_MAX_LENGTH, passwordProblem } from '@/core/config/password-policy.ts';

const ROLES = [
  { value: 'VIEWER', label: 'Viewer', hint: 'Sees everything, changes nothing.' },
  { value: 'EDITOR', label: 'Editor', hint: 'Changes hosts, pools and other configuration.' },
  { value: 'ADMIN', label: 'Admin', hint: 'Also manages users and API tokens.' },
] as const;

function AddUserDialog({ open, onClose, minLength }: { open: boolean; onClose(): void; minLength: number }) {
  const router = useRouter();
  const [role, setRole] = useState('VIEWER');
  const { busy, error, fields, setFields, run } = useDialogSubmit();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const email = String(data.get('email') ?? '').trim();
    const password = String(data.get('password') ?? '');
    const local: Record<string, string> = {};
    if (emailProblem(email)) local.email = email ? `The email ${emailProblem(email)}.` : 'Enter an email address.';
    if (passwordProblem(password, email)) local.password = `The password ${passwordProblem(password, email)}.`;
    setFields(local);
    if (Object.keys(local).length) return;
    await run(
      async () => {
        await api('POST', '/api/v1/users', { email, password, role });
        onClose();
        router.refresh();
      },
      { fieldsOf: (failure) => (failure.status === 409 && Object.keys(failure.fields).length === 0 ? { email: 'A user with this email already exists.' } : failure.fields) },
    );
  }
  return (
    <Dialog open={open} onClose={onClose} title="Add a user" description="They sign in with this email and the initial password; ask them to change it in Settings → Account.">
      <form onSubmit={submit} noValidate className="space-y-4">
        <Field label="Email" name="email" type="email" autoComplete="off" error={fields.email} maxLength={254} autoFocus />
        <FieldShell id="new-user-role" label="Role" hint={ROLES.find((r) => r.value === role)?.hint} error={fields.role}>
          {(control) => (
            <Select {...control} value={role} onChange={(e) => setRole(e.target.value)}>
              {ROLES.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </Select>
          )}
        </FieldShell>
        <Field label="Initial password" name="password" type="password" autoComplete="new-password" error={fields.password} maxLength={PASSWORD_MAX_LENGTH} hint={`At least ${minLength} characters.`} />
        <DialogFormFooter error={error} busy={busy} onCancel={onClose} submitLabel="Add user" busyLabel="Adding…" />
      </form>
    </Dialog>
  );
}

function RoleSelect({ user, disabled }: { user: UserView; disabled: boolean }) {
  const router = useRouter();
  const [role, setRole] = useState(user.role as string);
  const [status, setStatus] = useState<{ tone: 'error' | 'ok'; text: string } | null>(null);
  async function change(next: string) {
    const previous = role;
    setRole(next);
    setStatus(null);
    try {
      await api('PATCH', `/api/v1/users/${user.id}`, { role: next });
      setStatus({ tone: 'ok', text: 'Saved' });
      router.refresh();
    } catch (e) {
      setRole(previous);
      setStatus({ tone: 'error', text: failureMessage(e) });
    }
  }
  return (
    <div className="space-y-1">
      <Select aria-label={`Role of ${user.email}`} value={role} disabled={disabled} onChange={(e) => change(e.target.value)} className="h-8 min-w-28">
        {ROLES.map((r) => (
          <option key={r.value} value={r.value}>
            {r.label}
          </option>
        ))}
      </Select>
      <p aria-live="polite" className={`text-xs ${status?.tone === 'error' ? 'text-danger' : 'text-muted'}`}>
        {status?.text}
      </p>
    </div>
  );
}

export function UsersClient({ users, currentUserId, minLength }: { users: UserView[]; currentUserId: string; minLength: number }) {
  const router = useRouter();
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<UserView | null>(null);
  const [resetting, setResetting] = useState<UserView | null>(null);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-muted">Viewers see everything and change nothing; editors change the configuration; admins also manage users and tokens.</p>
        <Button onClick={() => setAdding(true)}>
          <PlusIcon size={16} />
          Add user
        </Button>
      </div>
      <Card className="overflow-x-auto">
        <table className="w-full text-sm">
          <thead className="border-b border-border text-left text-xs tracking-wide text-muted uppercase">
            <tr>
              <th scope="col" className="px-4 py-2.5 font-medium">User</th>
              <th scope="col" className="px-4 py-2.5 font-medium">Role</th>
              <th scope="col" className="hidden px-4 py-2.5 font-medium sm:table-cell">Last active</th>
              <th scope="col" className="px-4 py-2.5 font-medium"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => {
              const self = u.id === currentUserId;
              return (
                <tr key={u.id} className="border-b border-border align-top last:border-0">
                  <td className="px-4 py-3">
                    <div className="flex flex-wrap items-center gap-2 font-medium">
                      <span className="[overflow-wrap:anywhere]">{u.email}</span>
                      {self ? <Badge tone="accent">you</Badge> : null}
                      {u.twoFactor ? <Badge tone="success" title="Signs in with a code from an authenticator app">2FA</Badge> : null}
                      {u.singleSignOn ? <Badge title="Linked to the single sign-on provider">SSO</Badge> : null}
                    </div>
                    <div className="text-xs text-muted">
                      added <RelativeTime iso={u.createdAt} />
                    </div>
                  </td>
                  <td className="px-4 py-3">
                    <RoleSelect user={u} disabled={self} />
                  </td>
                  <td className="hidden px-4 py-3 sm:table-cell">
                    <RelativeTime iso={u.lastSeenAt} fallback="Never signed in" />
                  </td>
                  <td className="px-4 py-3 text-right">
                    {self ? null : (
                      <div className="flex justify-end gap-1">
                        {u.twoFactor ? (
                          <Button variant="ghost" size="sm" onClick={() => setResetting(u)} aria-label={`Turn off two-factor sign-in for ${u.email}`}>
                            Reset 2FA
                          </Button>
                        ) : null}
                        <Button variant="ghost" size="sm" onClick={() => setDeleting(u)} aria-label={`Delete ${u.email}`}>
                          Delete
                        </Button>
                      </div>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Card>
      <AddUserDialog open={adding} onClose={() => setAdding(false)} minLength={minLength} />
      <ConfirmDialog
        open={deleting !== null}
        onCancel={() => setDeleting(null)}
        onConfirm={async () => {
          if (!deleting) return;
          await api('DELETE', `/api/v1/users/${deleting.id}`);
          setDeleting(null);
          router.refresh();
        }}
        title={`Delete ${deleting?.email ?? 'the user'}?`}
        description="They are signed out everywhere and their API tokens stop working. Their entries in the audit log are kept."
        confirmLabel="Delete user"
        busyLabel="Deleting…"
      />
      <ConfirmDialog
        open={resetting !== null}
        onCancel={() => setResetting(null)}
        onConfirm={async () => {
          if (!resetting) return;
          await api('DELETE', `/api/v1/users/${resetting.id}/totp`);
          setResetting(null);
          router.refresh();
        }}
        title={`Turn off two-factor sign-in for ${resetting?.email ?? 'the user'}?`}
        description="For a lost authenticator and lost recovery codes: they sign in with their password alone until they set it up again (right away, if two factors are required)."
        confirmLabel="Turn it off"
        busyLabel="Turning off…"
      />
    </div>
  );
}
