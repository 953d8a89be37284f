'use client';
// The stream editor's TLS passthrough routes (nginx ssl_preread + map $ssl_preread_server_name,
// Traefik HostSNI): each row is server names → a pool or one address. Errors come keyed by
// the API's paths (sni.<row>.serverNames.<name>, sni.<row>.poolId, …).
import { Button } from '@/components/ui/button.tsx';
import { Field } from '@/components/ui/field.tsx';
import { PlusIcon, TrashIcon } from '@/components/ui/icons.tsx';
import { Select } from '@/components/ui/input.tsx';
import { emptySniRoute, type SniRouteForm } from './stream-form-model.ts';

/** The first error under `prefix` (the row's names, or one name of them). */
function errorUnder(errors: Record<string, string>, prefix: string): string | undefined {
  const hit = Object.entries(errors).find(([path]) => path === prefix || path.startsWith(`${prefix}.`));
  if (!hit) return undefined;
  const index = hit[0].slice(prefix.length + 1);
  return index ? `name ${Number(index) + 1}: ${hit[1]}` : hit[1];
}

export function SniRoutesEditor({ routes, onChange, pools, errors, readOnly }: { routes: SniRouteForm[]; onChange(routes: SniRouteForm[]): void; pools: { id: string; name: string }[]; errors: Record<string, string>; readOnly: boolean }) {
  const update = (key: string, patch: Partial<SniRouteForm>) => onChange(routes.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  return (
    <div className="space-y-4">
      {routes.length === 0 ? <p className="text-sm text-muted">No routes: the stream does not read the TLS name.</p> : null}
      <ol className="space-y-4">
        {routes.map((route, i) => (
          <li key={route.key} className="rounded-md border border-border p-3" aria-label={`SNI route ${i + 1}`}>
            <div className="grid gap-3 sm:grid-cols-[minmax(0,1.4fr)_10rem_minmax(0,1fr)_auto] sm:items-start">
              <Field label={`Server names (route ${i + 1})`} placeholder="db.example.com, *.apps.example.com" value={route.serverNames} disabled={readOnly} onChange={(e) => update(route.key, { serverNames: e.target.value })} error={errorUnder(errors, `sni.${i}.serverNames`)} hint="Comma or space separated; *.example.com takes its subdomains" spellCheck={false} maxLength={4000} />
              <div className="space-y-1.5">
                <label htmlFor={`sni-${route.key}-target`} className="block text-sm font-medium">Send to</label>
                <Select id={`sni-${route.key}-target`} value={route.target} disabled={readOnly} onChange={(e) => update(route.key, { target: e.target.value as SniRouteForm['target'] })}>
                  <option value="address">one address</option>
                  <option value="pool" disabled={pools.length === 0}>a pool{pools.length === 0 ? ' (none yet)' : ''}</option>
                </Select>
              </div>
              {route.target === 'pool' ? (
                <div className="space-y-1.5">
                  <label htmlFor={`sni-${route.key}-pool`} className="block text-sm font-medium">Pool</label>
                  <Select id={`sni-${route.key}-pool`} value={route.poolId} disabled={readOnly} onChange={(e) => update(route.key, { poolId: e.target.value })} aria-invalid={errors[`sni.${i}.poolId`] ? true : undefined}>
                    <option value="">choose a pool</option>
                    {pools.map((p) => (
                      <option key={p.id} value={p.id}>{p.name}</option>
                    ))}
                  </Select>
                  {errors[`sni.${i}.poolId`] ? <p role="alert" className="text-sm text-danger">{errors[`sni.${i}.poolId`]}</p> : null}
                </div>
              ) : (
                <Field label={`Address (route ${i + 1})`} placeholder="10.0.0.5:443" value={route.address} disabled={readOnly} onChange={(e) => update(route.key, { address: e.target.value })} error={errors[`sni.${i}.address`] ?? errors[`sni.${i}.poolId`]} spellCheck={false} />
              )}
              {!readOnly ? (
                <Button variant="ghost" size="icon" className="sm:mt-7" aria-label={`Remove SNI route ${i + 1}`} onClick={() => onChange(routes.filter((r) => r.key !== route.key))}>
                  <TrashIcon />
                </Button>
              ) : null}
            </div>
          </li>
        ))}
      </ol>
      {errors.sni ? <p role="alert" className="text-sm text-danger">{errors.sni}</p> : null}
      {!readOnly ? (
        <Button variant="secondary" size="sm" onClick={() => onChange([...routes, emptySniRoute()])}>
          <PlusIcon size={14} />
          Add SNI route
        </Button>
      ) : null}
    </div>
  );
}
