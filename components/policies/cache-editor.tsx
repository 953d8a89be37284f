'use client';
import { CheckboxGroupField, SwitchField } from '@/components/forms/choice-fields.tsx';
import { RowList } from '@/components/forms/row-list.tsx';
import { DurationField, NumberField, SelectField, TextField } from '@/components/forms/text-fields.tsx';
import type { Path } from '@/components/forms/paths.ts';
import { StatusListField } from './status-list-field.tsx';
import { useZones, zoneHint } from './zones-context.tsx';

const CONDITION_SOURCES = [
  { value: 'header', label: 'Header' },
  { value: 'cookie', label: 'Cookie' },
  { value: 'query', label: 'Query argument' },
] as const;

const STALE = ['error', 'timeout', 'updating', 'http_500', 'http_502', 'http_503', 'http_504', 'http_403', 'http_404', 'http_429'] as const;

function Conditions({ path, what }: { path: Path; what: string }) {
  return (
    <RowList path={path} newItem={() => ({ source: 'header', name: '' })} addLabel="Add condition" itemLabel={(c, i) => `condition ${String(c.name || i + 1)}`} empty={`Never ${what}.`}>
      {(p) => (
        <div className="grid gap-2 sm:grid-cols-2">
          <SelectField path={`${p}.source`} label="Source" options={CONDITION_SOURCES} />
          <TextField path={`${p}.name`} label="Name" mono placeholder="Authorization" />
        </div>
      )}
    </RowList>
  );
}

export function CacheEditor({ path }: { path: Path }) {
  const zones = useZones().cache;
  return (
    <div className="space-y-5">
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField path={`${path}.zone`} label="Cache zone" mono placeholder="static_cache" suggestions={zones} hint={zoneHint(zones, 'Cache zones')} />
        <TextField path={`${path}.key`} label="Cache key" mono placeholder="$scheme$proxy_host$request_uri" hint="Leave empty for nginx's default key." />
      </div>
      <div className="space-y-2">
        <h4 className="text-sm font-medium">Lifetimes</h4>
        <p className="text-xs text-muted">How long responses stay fresh when the upstream sends no Cache-Control or Expires (proxy_cache_valid).</p>
        <RowList path={`${path}.valid`} newItem={() => ({ statuses: [200], ttlMs: 600_000 })} addLabel="Add lifetime" itemLabel={(_, i) => `lifetime ${i + 1}`} empty="No lifetimes: only responses with their own caching headers are stored.">
          {(p) => (
            <div className="grid gap-2 sm:grid-cols-2">
              <StatusListField path={`${p}.statuses`} label="Statuses" />
              <DurationField path={`${p}.ttlMs`} label="Fresh for" placeholder="10m" />
            </div>
          )}
        </RowList>
      </div>
      <CheckboxGroupField path={`${path}.methods`} legend="Methods cached" options={[{ value: 'GET', label: 'GET' }, { value: 'HEAD', label: 'HEAD' }, { value: 'POST', label: 'POST' }]} />
      <div className="grid gap-4 sm:grid-cols-3">
        <NumberField path={`${path}.minUses`} label="Minimum uses" hint="Requests for a key before it is stored." />
        <DurationField path={`${path}.lockTimeoutMs`} label="Lock timeout" hint="How long others wait for the filling request." />
        <TextField path={`${path}.statusHeader`} label="Status header" mono placeholder="X-Cache-Status" hint="Reports HIT, MISS, … to clients." />
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <SwitchField path={`${path}.lock`} label="Lock while filling" hint="One request fills a missing entry; the others wait (proxy_cache_lock)." />
        <SwitchField path={`${path}.revalidate`} label="Revalidate" hint="Refresh expired entries with conditional requests." />
        <SwitchField path={`${path}.backgroundUpdate`} label="Update in background" hint="Serve stale while refreshing (needs “updating” below)." />
        <SwitchField path={`${path}.ignoreSetCookie`} label="Store responses with Set-Cookie" hint="Off by default: such responses are usually personal." />
        <SwitchField path={`${path}.allowAuthorized`} label="Cache authorised requests" hint="Requests with Authorization; a shared cache never does by default." />
      </div>
      <CheckboxGroupField path={`${path}.useStale`} legend="Serve a stale entry on" columns={4} options={STALE.map((s) => ({ value: s, label: s }))} hint="proxy_cache_use_stale" />
      <div className="grid gap-5 lg:grid-cols-2">
        <div className="space-y-2">
          <h4 className="text-sm font-medium">Skip the cache when</h4>
          <Conditions path={`${path}.bypass`} what="skip the cache" />
        </div>
        <div className="space-y-2">
          <h4 className="text-sm font-medium">Do not store when</h4>
          <Conditions path={`${path}.noStore`} what="refuse to store" />
        </div>
      </div>
    </div>
  );
}
