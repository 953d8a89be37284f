'use client';
import { SwitchField } from '@/components/forms/choice-fields.tsx';
import { RowList } from '@/components/forms/row-list.tsx';
import { NumberField, TextField } from '@/components/forms/text-fields.tsx';
import type { Path } from '@/components/forms/paths.ts';
import { useZones, zoneHint } from './zones-context.tsx';

export function RateLimitsEditor({ path }: { path: Path }) {
  const zones = useZones().request;
  return (
    <RowList path={path} newItem={() => ({ zone: '', burst: 0, nodelay: false, delay: 0, status: 503, dryRun: false })} addLabel="Add rate limit" itemLabel={(r, i) => `rate limit ${String(r.zone || i + 1)}`} empty="No rules: requests are not limited.">
      {(p) => (
        <div className="space-y-3">
          <div className="grid gap-2 sm:grid-cols-4">
            <TextField path={`${p}.zone`} label="Zone" mono placeholder="per_ip" className="sm:col-span-2" suggestions={zones} hint={zoneHint(zones, 'Request limit zones')} />
            <NumberField path={`${p}.burst`} label="Burst" hint="Allowed above the rate." />
            <NumberField path={`${p}.status`} label="Reject with" hint="limit_req_status" />
          </div>
          <div className="grid gap-3 sm:grid-cols-3">
            <SwitchField path={`${p}.nodelay`} label="No delay" hint="Serve the burst at once instead of spacing it." />
            <NumberField path={`${p}.delay`} label="Delay after" hint="Two-stage limiting: served at once before delaying." />
            <SwitchField path={`${p}.dryRun`} label="Dry run" hint="Count, but do not limit." />
          </div>
        </div>
      )}
    </RowList>
  );
}

export function ConnLimitsEditor({ path }: { path: Path }) {
  const zones = useZones().connection;
  return (
    <RowList path={path} newItem={() => ({ zone: '', max: 10, status: 503, dryRun: false })} addLabel="Add connection limit" itemLabel={(r, i) => `connection limit ${String(r.zone || i + 1)}`} empty="No rules: concurrent requests are not limited.">
      {(p) => (
        <div className="grid gap-2 sm:grid-cols-4">
          <TextField path={`${p}.zone`} label="Zone" mono placeholder="per_ip_conn" className="sm:col-span-2" suggestions={zones} hint={zoneHint(zones, 'Connection limit zones')} />
          <NumberField path={`${p}.max`} label="Concurrent" />
          <NumberField path={`${p}.status`} label="Reject with" />
          <div className="sm:col-span-4">
            <SwitchField path={`${p}.dryRun`} label="Dry run" hint="Count, but do not limit." />
          </div>
        </div>
      )}
    </RowList>
  );
}
