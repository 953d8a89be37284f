'use client';
import { CheckboxGroupField, SwitchField } from '@/components/forms/choice-fields.tsx';
import { RowList } from '@/components/forms/row-list.tsx';
import { DurationField, NumberField, SelectField, TextField } from '@/components/forms/text-fields.tsx';
import type { Path } from '@/components/forms/paths.ts';
import { StatusListField } from './status-list-field.tsx';
import { ZoneSelect } from './zone-select.tsx';

const CONDITION_SOURCES = [
  { value: 'header', label: 'Header' },
  { value: 'cookie', label: 'Cookie' },
  { value: 'query', label: 'Query argument' },
  { value: 'variable', label: 'Map variable' },
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
  return (
    <div className="space-y-5">
      <div className="grid gap-4 sm:grid-cols-2">
        <ZoneSelect path={`${path}.zone`} kind="cache" label="Cache zone" />
        <TextField path={`${path}.key`} label="Cache key" mono placeholder="$scheme$proxy_host$request_uri" hint="Leave empty for nginx's default key." />
      </div>
      <div className="space-y-2">
        <h4 className="text-sm font-medium">What is stored</h4>
        <p className="text-xs text-muted">
          Answers the upstream marks cacheable (Cache-Control: max-age or s-maxage, Expires), for as long as it says. Never answers that set a cookie, are private or no-store. A fixed lifetime below
          also stores answers without such headers (proxy_cache_valid): only for what is the same for every visitor.
        </p>
        <RowList path={`${path}.valid`} newItem={() => ({ statuses: [200], ttlMs: 600_000 })} addLabel="Add a fixed lifetime" itemLabel={(_, i) => `lifetime ${i + 1}`} empty="No fixed lifetime: answers without caching headers are not stored.">
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
        <SwitchField path={`${path}.allowCookies`} label="Cache requests with cookies" hint="Off by default: requests with a Cookie header reach the upstream and are not stored, so a signed-in user's page is never shown to another." />
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
