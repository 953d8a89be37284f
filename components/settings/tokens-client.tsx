'use client';
// API tokens: create one (its secret is shown once, with a copy button), see when each
// was last used, revoke.
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import type { TokenView } from '@/core/views/user.ts';
import { Badge } from '@/components/ui/badge.tsx';
import { Button } from '@/components/ui/button.tsx';
import { Card } from '@/components/ui/card.tsx';
import { ConfirmDialog } from '@/components/ui/confirm-dialog.tsx';
import { CopyButton } from '@/components/ui/copy-button.tsx';
import { Dialog } from '@/components/ui/dialog.tsx';
import { EmptyState } from '@/components/ui/empty-state.tsx';
import { Field } from '@/components/ui/field.tsx';
import { KeyIcon, PlusIcon } from '@/components/ui/icons.tsx';
import { FieldShell, Select } from '@/components/ui/input.tsx';
import { RelativeTime } from '@/components/ui/relative-time.tsx';
import { useServerClock } from '@/components/ui/server-clock.tsx';
import { DialogFormFooter, useDialogSubmit } from '@/components/forms/dialog-submit.tsx';
import { api } from '@/components/hooks/api-client.ts';

const SCOPES = [
  { value: 'READ', label: 'Read', hint: 'GET requests only: monitoring, exports.' },
  { value: 'WRITE', label: 'Write', hint: 'Also change hosts, pools and other configuration.' },
  { value: 'ADMIN', label: 'Admin', hint: 'Everything, including users and tokens.' },
  { value: 'METRICS', label: 'Metrics', hint: 'Scrape /metrics (Prometheus) and nothing else.' },
] as const;

// Shortest first, as every list of durations reads; 90 days stays the default.
const EXPIRY = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: 'never', label: 'Never' },
] as const;

function stateOf(token: TokenView, now: number): { tone: 'success' | 'neutral' | 'danger'; label: string } {
  if (token.revokedAt) return { tone: 'neutral', label: 'Revoked' };
  if (token.expiresAt && new Date(token.expiresAt).getTime() < now) return { tone: 'danger', label: 'Expired' };
  return { tone: 'success', label: 'Active' };
}

function CreateTokenDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const router = useRouter();
  const clock = useServerClock();
  const [scope, setScope] = useState<string>('READ');
  const [expiry, setExpiry] = useState<string>('90');
  const { busy, error, fields, setFields, run, clear } = useDialogSubmit();
  const [secret, setSecret] = useState<string | null>(null);

  function close() {
    if (secret) router.refresh();
    setSecret(null);
    clear();
    onClose();
  }
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name') ?? '').trim();
    if (!name) {
      setFields({ name: 'Give the token a name, such as the script that uses it.' });
      return;
    }
    const expiresAt = expiry === 'never' ? null : new Date(clock() + Number(expiry) * 86_400_000).toISOString();
    await run(async () => setSecret((await api<{ token: string }>('POST', '/api/v1/tokens', { name, scope, expiresAt })).token));
  }

  if (secret) {
    return (
      <Dialog open={open} onClose={close} title="Copy your new token" description="This is the only time it is shown. Store it in your secret manager now." footer={<Button onClick={close}>Done</Button>}>
        <div className="space-y-3">
          <code aria-label="The new API token" className="block rounded-md border border-border bg-background px-3 py-2 font-mono text-[13px] break-all select-all">
            {secret}
          </code>
          <div className="flex items-center justify-between gap-3">
            <p className="text-xs text-muted">
              Send it as <code className="font-mono">Authorization: Bearer …</code>
            </p>
            <CopyButton text={secret} label="Copy token" />
          </div>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog open={open} onClose={close} title="Create an API token" description="For scripts and CI: it acts as you, limited to the scope you choose.">
      <form onSubmit={submit} noValidate className="space-y-4">
        <Field label="Name" name="name" placeholder="deploy script" error={fields.name} maxLength={100} autoFocus autoComplete="off" />
        <FieldShell id="token-scope" label="Scope" hint={SCOPES.find((s) => s.value === scope)?.hint} error={fields.scope}>
          {(control) => (
            <Select {...control} value={scope} onChange={(e) => setScope(e.target.value)}>
              {SCOPES.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </Select>
          )}
        </FieldShell>
        <FieldShell id="token-expiry" label="Expires after" error={fields.expiresAt}>
          {(control) => (
            <Select {...control} value={expiry} onChange={(e) => setExpiry(e.target.value)}>
              {EXPIRY.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </Select>
          )}
        </FieldShell>
        <DialogFormFooter error={error} busy={busy} onCancel={close} submitLabel="Create token" busyLabel="Creating…" />
      </form>
    </Dialog>
  );
}

export function TokensClient({ tokens, canCreate }: { tokens: TokenView[]; canCreate: boolean }) {
  const now = useServerClock()();
  const router = useRouter();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<TokenView | null>(null);
  const createButton = canCreate ? (
    <Button onClick={() => setCreating(true)}>
      <PlusIcon size={16} />
      Create token
    </Button>
  ) : null;
  return (
    <div className="space-y-4">
      {tokens.length === 0 ? (
        <EmptyState icon={<KeyIcon size={20} />} title="No API tokens" action={createButton}>
          {canCreate ? 'Create a token to use the REST API from scripts or CI; it acts as you, limited to its scope.' : 'Creating API tokens needs the admin role.'}
        </EmptyState>
      ) : (
        <>
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p className="text-sm text-muted">Tokens act as you through the REST API, limited to their scope. Secrets are stored only as digests.</p>
            {createButton}
          </div>
          <Card className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead className="border-b border-border text-left text-xs tracking-wide text-muted uppercase">
                <tr>
                  <th scope="col" className="px-4 py-2.5 font-medium">Token</th>
                  <th scope="col" className="px-4 py-2.5 font-medium">Scope</th>
                  <th scope="col" className="hidden px-4 py-2.5 font-medium sm:table-cell">Last used</th>
                  <th scope="col" className="hidden px-4 py-2.5 font-medium md:table-cell">Expires</th>
                  <th scope="col" className="px-4 py-2.5 font-medium"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((t) => {
                  const state = stateOf(t, now);
                  return (
                    <tr key={t.id} className={`border-b border-border last:border-0 ${t.revokedAt ? 'text-muted' : ''}`}>
                      <td className="px-4 py-3">
                        <div className="font-medium">{t.name}</div>
                        <div className="font-mono text-xs text-muted">{t.prefix}…</div>
                      </td>
                      <td className="px-4 py-3">
                        <div className="flex flex-wrap gap-1">
                          <Badge tone="accent">{t.scope.toLowerCase()}</Badge>
                          <Badge tone={state.tone}>{state.label}</Badge>
                        </div>
                      </td>
                      <td className="hidden px-4 py-3 sm:table-cell">
                        <RelativeTime iso={t.lastUsedAt} fallback="Never" />
                      </td>
                      <td className="hidden px-4 py-3 md:table-cell">
                        <RelativeTime iso={t.expiresAt} fallback="Never" />
                      </td>
                      <td className="px-4 py-3 text-right">
                        {canCreate && !t.revokedAt ? (
                          <Button variant="ghost" size="sm" onClick={() => setRevoking(t)} aria-label={`Revoke ${t.name}`}>
                            Revoke
                          </Button>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </Card>
        </>
      )}
      <CreateTokenDialog open={creating} onClose={() => setCreating(false)} />
      <ConfirmDialog
        open={revoking !== null}
        onCancel={() => setRevoking(null)}
        onConfirm={async () => {
          if (!revoking) return;
          await api('DELETE', `/api/v1/tokens/${revoking.id}`);
          setRevoking(null);
          router.refresh();
        }}
        title={`Revoke ${revoking?.name ?? 'the token'}?`}
        description="Requests using it are refused from now on. This cannot be undone; create a new token if you need one again."
        confirmLabel="Revoke token"
        busyLabel="Revoking…"
      />
    </div>
  );
}
