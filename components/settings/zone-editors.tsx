'use client';
// The fields of a cache zone and of a limit zone (shared CacheZoneInput / LimitZoneInput).
import { Segmented } from '@/components/forms/choice-fields.tsx';
import { useForm } from '@/components/forms/form-store.tsx';
import { RowList } from '@/components/forms/row-list.tsx';
import { DurationField, NumberField, SelectField, SizeField, TextField } from '@/components/forms/text-fields.tsx';

export function CacheZoneFields() {
  return (
    <div className="space-y-4">
      <TextField path="name" label="Name" mono placeholder="static_cache" hint="Locations name it in their cache policy." autoFocus />
      <div className="grid gap-4 sm:grid-cols-3">
        <SizeField path="maxSizeBytes" label="Disk size" hint="max_size: 512m, 10g" />
        <DurationField path="inactiveMs" label="Drop unused after" hint="inactive: 10m, 1d" />
        <NumberField path="maxEntries" label="Keys in memory" hint="About 8,000 per MB of keys_zone." />
      </div>
    </div>
  );
}

const KEY_SOURCES = [
  { value: 'client_ip', label: 'Client address' },
  { value: 'uri', label: 'URI' },
  { value: 'request_uri', label: 'URI as sent, with the query' },
  { value: 'args', label: 'Query string' },
  { value: 'is_args', label: '"?" when there is a query' },
  { value: 'arg', label: 'Query argument' },
  { value: 'host', label: 'Host header' },
  { value: 'server_name', label: 'Server name' },
  { value: 'header', label: 'Request header' },
  { value: 'variable', label: 'Map variable' },
  { value: 'cookie', label: 'Cookie' },
] as const;

export function LimitZoneFields() {
  const form = useForm();
  const kind = form.get('kind') === 'CONNECTION' ? 'CONNECTION' : 'REQUEST';
  return (
    <div className="space-y-4">
      <TextField path="name" label="Name" mono placeholder="per_ip" hint="Locations name it in their rate or connection limits." autoFocus />
      <Segmented<'REQUEST' | 'CONNECTION'>
        legend="Limits"
        value={kind}
        disabled={form.readOnly}
        options={[
          { value: 'REQUEST', label: 'Requests per second or minute (limit_req)' },
          { value: 'CONNECTION', label: 'Concurrent requests (limit_conn)' },
        ]}
        onChange={(next) => {
          form.set('kind', next);
          // A request zone has a rate and a connection zone none (the schema insists).
          form.set('rate', next === 'REQUEST' ? { count: 10, per: 'second' } : undefined);
        }}
      />
      {kind === 'REQUEST' ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <NumberField path="rate.count" label="Rate" hint="Requests allowed per unit, per key." />
          <SelectField
            path="rate.per"
            label="Per"
            options={[
              { value: 'second', label: 'second (r/s)' },
              { value: 'minute', label: 'minute (r/m)' },
            ]}
          />
        </div>
      ) : null}
      <div className="space-y-2">
        <h3 className="text-sm font-medium">Counted by</h3>
        <RowList path="key.parts" newItem={() => ({ source: 'client_ip' })} addLabel="Add key part" itemLabel={(p, i) => `key part ${String(p.source ?? i + 1)}`} empty="Nothing: add at least one part.">
          {(p) => <KeyPart path={p} />}
        </RowList>
      </div>
      <NumberField path="maxEntries" label="Keys kept" hint="Least recently used keys are dropped beyond this (about 16,000 per MB of zone)." />
    </div>
  );
}

function KeyPart({ path }: { path: string }) {
  const form = useForm();
  const source = form.get(`${path}.source`);
  return (
    <div className="grid gap-2 sm:grid-cols-2">
      <SelectField path={`${path}.source`} label="Source" options={KEY_SOURCES} />
      {source === 'header' || source === 'cookie' || source === 'arg' || source === 'variable' ? (
        <TextField
          path={`${path}.name`}
          label={source === 'header' ? 'Header name' : source === 'cookie' ? 'Cookie name' : source === 'variable' ? 'Variable (without $)' : 'Argument name'}
          mono
          placeholder={source === 'header' ? 'X-Api-Key' : source === 'cookie' ? 'session' : source === 'variable' ? 'limit_key' : 'token'}
        />
      ) : null}
    </div>
  );
}
