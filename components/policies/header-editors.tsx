'use client';
import { SwitchField } from '@/components/forms/choice-fields.tsx';
import { RowList } from '@/components/forms/row-list.tsx';
import { TagsField } from '@/components/forms/tags-field.tsx';
import { TextField } from '@/components/forms/text-fields.tsx';
import type { Path } from '@/components/forms/paths.ts';

const VARIABLES_HINT = 'Variables: $host, $remote_addr, $proxy_add_x_forwarded_for, $scheme, $request_uri, $http_<name>.';

export function ProxyHeadersEditor({ path }: { path: Path }) {
  return (
    <div className="space-y-2">
      <RowList path={path} newItem={() => ({ name: '', value: '' })} addLabel="Add header" itemLabel={(h, i) => `header ${String(h.name || i + 1)}`} empty="No headers are set: only the client's headers pass (Host follows the Host header switch).">
        {(p) => (
          <div className="grid gap-2 sm:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
            <TextField path={`${p}.name`} label="Header" mono placeholder="X-Real-IP" />
            <TextField path={`${p}.value`} label="Value" mono placeholder="$remote_addr" empty="empty" />
          </div>
        )}
      </RowList>
      <p className="text-xs text-muted">{VARIABLES_HINT}</p>
    </div>
  );
}

export function ResponseHeadersEditor({ path }: { path: Path }) {
  return (
    <div className="space-y-5">
      <div className="space-y-2">
        <h4 className="text-sm font-medium">Add to responses</h4>
        <RowList path={`${path}.add`} newItem={() => ({ name: '', value: '', always: false })} addLabel="Add response header" itemLabel={(h, i) => `response header ${String(h.name || i + 1)}`} empty="No headers added.">
          {(p) => (
            <div className="space-y-2">
              <div className="grid gap-2 sm:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
                <TextField path={`${p}.name`} label="Header" mono placeholder="X-Frame-Options" />
                <TextField path={`${p}.value`} label="Value" mono placeholder="DENY" empty="empty" />
              </div>
              <SwitchField path={`${p}.always`} label="Always" hint="Also on error responses; otherwise only on 2xx and 3xx, as nginx's add_header." />
            </div>
          )}
        </RowList>
      </div>
      <TagsField path={`${path}.hide`} label="Hide upstream headers" placeholder="X-Powered-By" hint="Removed from upstream responses before the client sees them (proxy_hide_header)." />
      <TagsField
        path={`${path}.pass`}
        label="Pass upstream headers"
        placeholder="Server"
        hint="Passed although hidden by default (Date, Server, X-Pad, X-Accel-*) or above (proxy_pass_header); a passed Server or Date replaces Portico's own."
      />
    </div>
  );
}
