'use client';
// The pool's servers as a table (a stack of labelled fields on narrow screens).
import { Button } from '@/components/ui/button.tsx';
import { SectionCard } from '@/components/ui/card.tsx';
import { PlusIcon, TrashIcon } from '@/components/ui/icons.tsx';
import { useForm } from '@/components/forms/form-store.tsx';
import { DurationField, NumberField, TextField } from '@/components/forms/text-fields.tsx';
import { newServer, type ServerFormValue } from './pool-form-model.ts';

const GRID = 'lg:grid-cols-[minmax(0,2.4fr)_4.5rem_4.5rem_5.5rem_5rem_5.5rem_7.5rem_2rem]';

function Flag({ path, label, hint }: { path: string; label: string; hint: string }) {
  const form = useForm();
  return (
    <label className="flex items-center gap-1.5 text-sm" title={hint}>
      <input type="checkbox" id={form.domId(path)} className="size-4 accent-[var(--accent)]" checked={form.get(path) === true} disabled={form.readOnly} onChange={(e) => form.set(path, e.target.checked)} />
      {label}
    </label>
  );
}

export function ServersEditor() {
  const form = useForm();
  const servers = (form.get('servers') ?? []) as ServerFormValue[];
  const listError = form.error('servers');
  return (
    <SectionCard
      id="servers"
      title="Servers"
      description="Where requests go. Backup servers take traffic only when every other server is unavailable; down servers take none."
    >
      <div aria-hidden className={`hidden gap-3 px-2 pb-2 text-xs font-medium tracking-wide text-muted uppercase lg:grid ${GRID}`}>
        <span>Address</span>
        <span>Weight</span>
        <span title="max_fails">Max fails</span>
        <span title="fail_timeout">Fail timeout</span>
        <span title="max_conns">Max conns</span>
        <span title="slow_start">Slow start</span>
        <span>Flags</span>
        <span />
      </div>
      <ul id={form.domId('servers')} tabIndex={-1} className="space-y-2 outline-none">
        {servers.map((server, i) => {
          const p = `servers.${i}`;
          return (
            <li key={server._key} className={`relative grid grid-cols-2 items-start gap-3 rounded-md border border-border p-3 sm:grid-cols-3 lg:border-0 lg:p-2 lg:odd:bg-background/60 ${GRID}`}>
              <TextField path={`${p}.address`} label="Address" hideLabel="lg" mono empty="empty" placeholder="10.0.0.1:8080" className="col-span-2 sm:col-span-3 lg:col-span-1" autoFocus={!server.address && i > 0} />
              <NumberField path={`${p}.weight`} label="Weight" hideLabel="lg" />
              <NumberField path={`${p}.maxFails`} label="Max fails" hideLabel="lg" />
              <DurationField path={`${p}.failTimeoutMs`} label="Fail timeout" hideLabel="lg" />
              <NumberField path={`${p}.maxConns`} label="Max conns" hideLabel="lg" placeholder="0 = ∞" />
              <DurationField path={`${p}.slowStartMs`} label="Slow start" hideLabel="lg" />
              <div className="flex h-9 flex-wrap items-center gap-x-3 self-end lg:self-start">
                <Flag path={`${p}.backup`} label="Backup" hint="Used only when all other servers are unavailable" />
                <Flag path={`${p}.down`} label="Down" hint="Takes no traffic" />
              </div>
              {form.readOnly ? null : (
                <Button variant="ghost" size="icon" className="absolute top-1.5 right-1.5 lg:static lg:justify-self-end" aria-label={`Remove server ${server.address || i + 1}`} disabled={servers.length === 1} onClick={() => form.set('servers', servers.filter((_, j) => j !== i))}>
                  <TrashIcon />
                </Button>
              )}
            </li>
          );
        })}
      </ul>
      {listError ? (
        <p className="mt-2 text-[13px] text-danger" data-field-error>
          {listError}
        </p>
      ) : null}
      {form.readOnly ? null : (
        <Button variant="secondary" size="sm" className="mt-3" onClick={() => form.set('servers', [...servers, newServer()])}>
          <PlusIcon size={14} />
          Add server
        </Button>
      )}
      <p className="mt-3 text-xs text-muted">Max fails within the fail timeout mark a server unavailable for that long (0 never does). Max conns 0 is unlimited. Slow start ramps a recovered server up over its duration.</p>
    </SectionCard>
  );
}
