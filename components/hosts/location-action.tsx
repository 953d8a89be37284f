'use client';
// What a location does with a request: proxy (to a pool or one address, with nginx's
// proxy_pass URI rule previewed), serve files, redirect, or answer directly.
import Link from 'next/link';
import { useRef } from 'react';
import { Segmented, SwitchField } from '@/components/forms/choice-fields.tsx';
import { useForm } from '@/components/forms/form-store.tsx';
import { TagsField } from '@/components/forms/tags-field.tsx';
import { NumberField, SelectField, TextareaField, TextField } from '@/components/forms/text-fields.tsx';
import type { LocationInput } from '@/core/config/location.ts';
import { defaultAction, type ActionKind, type PoolOption } from './host-form-model.ts';
import { plural } from '@/components/ui/plural.ts';

type Action = LocationInput['action'];

const KINDS = [
  { value: 'proxy', label: 'Proxy' },
  { value: 'static', label: 'Static files' },
  { value: 'redirect', label: 'Redirect' },
  { value: 'return', label: 'Return' },
] as const;

/** nginx's proxy_pass rule, on an example request: with a URI part the matched prefix is replaced. */
function uriExample(path: string, uri: string | null | undefined): { request: string; upstream: string } | null {
  if (!path.startsWith('/')) return null;
  const request = `${path}${path.endsWith('/') ? '' : '/'}users/42?page=2`;
  const upstream = uri == null ? request : `${uri}${request.slice(path.length)}`;
  return { request, upstream: upstream.replace(/\/\/+/g, '/') };
}

function ProxyFields({ base, pools, regex, locationPath }: { base: string; pools: PoolOption[]; regex: boolean; locationPath: string }) {
  const form = useForm();
  const action = form.get(base) as Extract<Action, { kind: 'proxy' }>;
  const target = action.target !== undefined ? 'variables' : action.address !== undefined ? 'address' : 'pool';
  const setTarget = (next: 'pool' | 'address' | 'variables') => {
    const { poolId: _p, address: _a, target: _t, ...rest } = action;
    if (next === 'pool') form.set(base, { ...rest, poolId: pools[0]?.id ?? '' });
    else if (next === 'address') form.set(base, { ...rest, address: '' });
    else form.set(base, { ...rest, uri: null, target: '' });
  };
  const example = regex ? null : uriExample(locationPath, action.uri);
  return (
    <div className="space-y-4">
      <Segmented
        legend="Send requests to"
        size="sm"
        value={target}
        disabled={form.readOnly}
        onChange={setTarget}
        options={[
          { value: 'pool', label: 'A pool' },
          { value: 'address', label: 'One address' },
          { value: 'variables', label: 'Chosen per request' },
        ]}
      />
      <div className="grid gap-4 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        {target === 'pool' ? (
          <SelectField
            path={`${base}.poolId`}
            label="Pool"
            placeholder={pools.length ? 'Choose a pool…' : 'No pools yet'}
            options={pools.map((p) => ({ value: p.id, label: `${p.name} (${plural(p.servers, 'server')})` }))}
            hint={
              pools.length === 0 ? (
                <>
                  Create one on the <Link href="/pools/new" className="text-accent underline">new pool</Link> page, or send to one address.
                </>
              ) : undefined
            }
          />
        ) : target === 'address' ? (
          <TextField path={`${base}.address`} label="Address" mono placeholder="127.0.0.1:3000" hint="host:port, [ipv6]:port or unix:/path/to.sock" empty="empty" alsoErrorsOf={[`${base}.poolId`]} />
        ) : (
          <TextField
            path={`${base}.target`}
            label="Target with variables"
            mono
            placeholder="$pool_name$request_uri"
            hint="What follows http:// in nginx's proxy_pass: a pool's name or an IP address, then an optional URI sent exactly as written"
            empty="empty"
            alsoErrorsOf={[`${base}.poolId`]}
          />
        )}
        <SelectField
          path={`${base}.scheme`}
          label="Protocol"
          options={[
            { value: 'http', label: 'HTTP' },
            { value: 'https', label: 'HTTPS' },
          ]}
        />
      </div>
      {target === 'variables' ? null : regex ? (
        <p className="text-xs text-muted">Regex locations pass the request URI unchanged (nginx does not allow a URI part here).</p>
      ) : (
        <TextField
          path={`${base}.uri`}
          label="URI part (optional)"
          mono
          empty="null"
          placeholder="none: pass the URI unchanged"
          hint={
            <>
              With a URI part, the matched prefix is replaced by it (nginx&apos;s proxy_pass rule).
              {example ? (
                <span className="mt-1 block">
                  <span className="font-mono">{example.request}</span> → upstream <span className="font-mono text-foreground">{example.upstream}</span>
                </span>
              ) : null}
            </>
          }
        />
      )}
      <SwitchField
        path={`${base}.keepEncodedSlashes`}
        label="Keep encoded slashes (%2F)"
        hint={
          <>
            Off (nginx): <span className="font-mono">%2F</span> is a <span className="font-mono">/</span> for matching, access rules and the URI part, so an encoded
            slash cannot slip past a rule. On: this location keeps it as data, for applications with slashes in names (
            <span className="font-mono">/api/projects/group%2Fapp</span>); a request whose decoded path would belong to another location is refused (400).
          </>
        }
      />
    </div>
  );
}

function StaticFields({ base, regex }: { base: string; regex: boolean }) {
  const form = useForm();
  const action = form.get(base) as Extract<Action, { kind: 'static' }>;
  const mode = action.alias !== undefined ? 'alias' : 'root';
  return (
    <div className="space-y-4">
      <Segmented
        legend="Map the URI with"
        size="sm"
        value={mode}
        disabled={form.readOnly}
        onChange={(next) => {
          const { root: _r, alias: _a, ...rest } = action;
          form.set(base, { ...rest, [next]: action.root ?? action.alias ?? '' });
        }}
        options={[
          { value: 'root', label: 'root: path + URI' },
          ...(regex ? [] : [{ value: 'alias' as const, label: 'alias: replace the prefix' }]),
        ]}
      />
      <TextField path={`${base}.${mode}`} label={mode === 'root' ? 'Root directory' : 'Alias directory'} mono empty="empty" placeholder="/var/www/site" alsoErrorsOf={[`${base}.root`]} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TagsField path={`${base}.index`} label="Index files" placeholder="index.html" />
        <TagsField path={`${base}.tryFiles`} commaSeparates={false} label="Try files (optional)" placeholder="$uri $uri/ /index.html" hint="Candidates in order; the last may be =404 or a URI." />
      </div>
      <SwitchField path={`${base}.autoindex`} label="List directories" hint="When a directory has no index file (autoindex)." />
      <TextField
        path={`${base}.defaultType`}
        label="Default type (optional)"
        mono
        placeholder="application/octet-stream"
        hint="For files whose extension the types table does not name (default_type)."
        suggestions={['application/octet-stream', 'text/plain', 'text/html']}
      />
    </div>
  );
}

export function LocationAction({ base, pools, regex, locationPath }: { base: string; pools: PoolOption[]; regex: boolean; locationPath: string }) {
  const form = useForm();
  const action = form.get(base) as Action;
  // Switching kinds and back restores what was typed for the earlier kind.
  const remembered = useRef<Partial<Record<ActionKind, Action>>>({});
  const changeKind = (kind: ActionKind) => {
    remembered.current[action.kind] = action;
    form.set(base, remembered.current[kind] ?? defaultAction(kind, pools));
  };
  return (
    <div className="space-y-4">
      <Segmented legend="Action" value={action.kind} options={KINDS} onChange={changeKind} disabled={form.readOnly} />
      {action.kind === 'proxy' ? <ProxyFields base={base} pools={pools} regex={regex} locationPath={locationPath} /> : null}
      {action.kind === 'static' ? <StaticFields base={base} regex={regex} /> : null}
      {action.kind === 'redirect' ? (
        <div className="grid gap-4 sm:grid-cols-[12rem_minmax(0,1fr)]">
          <SelectField
            path={`${base}.status`}
            label="Status"
            options={[301, 302, 303, 307, 308].map((s) => ({ value: s, label: String(s) }))}
          />
          <TextField path={`${base}.url`} label="Target URL" mono placeholder="https://$host$request_uri" hint="May use $scheme, $host, $request_uri, $uri and $args." />
        </div>
      ) : null}
      {action.kind === 'return' ? (
        <div className="space-y-4">
          <div className="grid gap-4 sm:grid-cols-[12rem_minmax(0,1fr)]">
            <NumberField path={`${base}.status`} label="Status" hint="444 closes the connection." />
            <TextField path={`${base}.contentType`} label="Content type" mono placeholder="text/plain" />
          </div>
          <TextareaField path={`${base}.body`} label="Body" rows={3} />
        </div>
      ) : null}
    </div>
  );
}
