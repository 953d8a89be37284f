'use client';
// Forward authentication: the auth service (Authelia, Authentik, oauth2-proxy or any other),
// the headers its request carries and the ones copied from its answer. Choosing a preset
// fills the path and headers the service's own nginx guide uses; every field stays editable.
import { FORWARD_AUTH_PRESET_FIELDS, FORWARD_AUTH_PRESETS } from '@/core/config/forward-auth.ts';
import { SwitchField } from '@/components/forms/choice-fields.tsx';
import { TagsField } from '@/components/forms/tags-field.tsx';
import { DurationField, SelectField, TextField } from '@/components/forms/text-fields.tsx';
import { RowList } from '@/components/forms/row-list.tsx';
import { useForm } from '@/components/forms/form-store.tsx';
import { Select } from '@/components/ui/input.tsx';
import type { Path } from '@/components/forms/paths.ts';

const PRESET_LABELS: Record<(typeof FORWARD_AUTH_PRESETS)[number], string> = {
  custom: 'Other service',
  authelia: 'Authelia',
  authentik: 'Authentik',
  'oauth2-proxy': 'oauth2-proxy',
};

export function ForwardAuthEditor({ path }: { path: Path }) {
  const form = useForm();
  const preset = (form.get(`${path}.preset`) as string | undefined) ?? 'custom';
  const enabled = form.get(`${path}.enabled`) !== false;
  const presetId = form.domId(`${path}.preset`);

  function choose(next: (typeof FORWARD_AUTH_PRESETS)[number]) {
    form.set(`${path}.preset`, next);
    if (next === 'custom') return;
    const fields = FORWARD_AUTH_PRESET_FIELDS[next];
    form.set(`${path}.path`, fields.path);
    form.set(`${path}.requestHeaders`, fields.requestHeaders.map((h) => ({ ...h })));
    form.set(`${path}.copyHeaders`, [...fields.copyHeaders]);
    // The service's usual port on this machine, when no address is there yet.
    if (!form.get(`${path}.address`) && !form.get(`${path}.poolId`)) form.set(`${path}.address`, `127.0.0.1:${fields.port}`);
  }

  return (
    <div className="space-y-4">
      <SwitchField path={`${path}.enabled`} fallback label="Ask the auth service" hint="Off turns off forward authentication inherited from the host (auth_request off)." />
      {enabled ? (
        <>
          <div className="grid gap-4 sm:grid-cols-2">
            <div className="space-y-1">
              <label htmlFor={presetId} className="text-sm font-medium">
                Auth service
              </label>
              <Select id={presetId} value={preset} disabled={form.readOnly} onChange={(e) => choose(e.target.value as (typeof FORWARD_AUTH_PRESETS)[number])}>
                {FORWARD_AUTH_PRESETS.map((p) => (
                  <option key={p} value={p}>
                    {PRESET_LABELS[p]}
                  </option>
                ))}
              </Select>
              <p className="text-xs text-muted">Fills the path and headers its nginx guide uses.</p>
            </div>
            <SelectField
              path={`${path}.scheme`}
              label="Scheme"
              options={[
                { value: 'http', label: 'http' },
                { value: 'https', label: 'https' },
              ]}
            />
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField path={`${path}.address`} label="Address" mono placeholder="127.0.0.1:9091" hint="host:port of the auth service." />
            <TextField path={`${path}.path`} label="Path" mono placeholder="/api/authz/auth-request" hint="Asked with GET, the client's headers, no body." />
          </div>
          <div className="space-y-2">
            <h4 className="text-sm font-medium">Headers sent to the auth service</h4>
            <RowList path={`${path}.requestHeaders`} newItem={() => ({ name: '', value: '' })} addLabel="Add header" itemLabel={(h, i) => `header ${String(h.name || i + 1)}`} empty="Only the client's own headers.">
              {(p) => (
                <div className="grid gap-2 sm:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
                  <TextField path={`${p}.name`} label="Name" mono placeholder="X-Original-URL" />
                  <TextField path={`${p}.value`} label="Value" mono placeholder="$scheme://$http_host$request_uri" />
                </div>
              )}
            </RowList>
          </div>
          <TagsField path={`${path}.copyHeaders`} label="Headers copied to the upstream" placeholder="Remote-User" hint="From the service's 2xx answer; the client's own headers of these names are dropped." />
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField
              path={`${path}.deniedAnswer`}
              label="When the service refuses"
              options={[
                { value: 'status', label: '401 / 403 from Portico (nginx)' },
                { value: 'pass', label: 'The service’s own answer (login redirect)' },
              ]}
            />
            <DurationField path={`${path}.timeoutMs`} label="Timeout" placeholder="60s" hint="Connect and read; then 500." />
          </div>
        </>
      ) : null}
    </div>
  );
}
