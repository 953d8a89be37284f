'use client';
import { useState } from 'react';
import { Button } from '@/components/ui/button.tsx';
import { Input } from '@/components/ui/input.tsx';
import { Switch } from '@/components/ui/switch.tsx';
import { SelectField, TextField } from '@/components/forms/text-fields.tsx';
import { RowList } from '@/components/forms/row-list.tsx';
import { useForm } from '@/components/forms/form-store.tsx';
import type { Path } from '@/components/forms/paths.ts';
import { AccessListPicker } from './access-list-picker.tsx';

/** Turns a typed password into the bcrypt hash the model stores; the password never leaves the browser. */
function PasswordHasher({ path }: { path: Path }) {
  const form = useForm();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  if (form.readOnly) return null;
  if (!open) {
    return (
      <Button variant="ghost" size="sm" onClick={() => setOpen(true)}>
        Set from a password…
      </Button>
    );
  }
  async function apply() {
    setBusy(true);
    const bcrypt = await import('bcryptjs');
    form.set(path, await bcrypt.hash(password, 10));
    setBusy(false);
    setOpen(false);
    setPassword('');
  }
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Input type="password" aria-label="Password to hash" value={password} onChange={(e) => setPassword(e.target.value)} className="max-w-56" autoComplete="new-password" />
      <Button size="sm" disabled={busy || password.length === 0} onClick={apply}>
        {busy ? 'Hashing…' : 'Hash'}
      </Button>
      <Button variant="ghost" size="sm" onClick={() => setOpen(false)}>
        Cancel
      </Button>
    </div>
  );
}

export function AccessEditor({ path }: { path: Path }) {
  const form = useForm();
  const basicAuth = form.get(`${path}.basicAuth`);
  return (
    <div className="space-y-5">
      <AccessListPicker path={path} />
      <div className="space-y-2">
        <h4 className="text-sm font-medium">Address rules</h4>
        <p className="text-xs text-muted">Checked in order; the first rule that matches the client address decides. End with “deny all” to allow only the addresses above it.</p>
        <RowList path={`${path}.rules`} movable newItem={() => ({ action: 'allow', source: '' })} addLabel="Add rule" itemLabel={(r, i) => `rule ${i + 1} (${String(r.action)} ${String(r.source || '…')})`} empty="No rules: every address is allowed.">
          {(p) => (
            <div className="grid gap-2 sm:grid-cols-[8rem_minmax(0,1fr)]">
              <SelectField path={`${p}.action`} label="Action" options={[{ value: 'allow', label: 'Allow' }, { value: 'deny', label: 'Deny' }]} />
              <TextField path={`${p}.source`} label="Address" mono placeholder="10.0.0.0/8 or all" />
            </div>
          )}
        </RowList>
      </div>
      <div className="space-y-3">
        <Switch
          id={form.domId(`${path}.basicAuth.__on`)}
          checked={basicAuth !== undefined}
          disabled={form.readOnly}
          label="Require a password (HTTP Basic authentication)"
          onChange={(on) => form.set(`${path}.basicAuth`, on ? { realm: 'Restricted', users: [{ username: '', passwordHash: '' }] } : undefined)}
        />
        {basicAuth !== undefined ? (
          <div className="space-y-3 border-l-2 border-border pl-4">
            <TextField path={`${path}.basicAuth.realm`} label="Realm" hint="Shown by the browser's sign-in prompt." className="max-w-sm" />
            <RowList path={`${path}.basicAuth.users`} newItem={() => ({ username: '', passwordHash: '' })} addLabel="Add user" itemLabel={(u, i) => `user ${String(u.username || i + 1)}`}>
              {(p) => (
                <div className="grid gap-2 sm:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
                  <TextField path={`${p}.username`} label="User name" />
                  <div className="space-y-1">
                    <TextField path={`${p}.passwordHash`} label="Password hash" mono placeholder="$2y$10$…" hint="As in an htpasswd file: bcrypt, SHA-crypt ($5$/$6$), MD5 ($1$/$apr1$), {SHA}, {SSHA}, {PLAIN}, DES crypt, or argon2." />
                    <PasswordHasher path={`${p}.passwordHash`} />
                  </div>
                </div>
              )}
            </RowList>
            <SelectField
              path={`${path}.satisfy`}
              label="With address rules too"
              className="max-w-sm"
              options={[
                { value: 'all', label: 'Require both (satisfy all)' },
                { value: 'any', label: 'Either is enough (satisfy any)' },
              ]}
            />
          </div>
        ) : null}
      </div>
    </div>
  );
}
