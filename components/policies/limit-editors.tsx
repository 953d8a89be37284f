'use client';
import { SwitchField } from '@/components/forms/choice-fields.tsx';
import { RowList } from '@/components/forms/row-list.tsx';
import { NumberField } from '@/components/forms/text-fields.tsx';
import type { Path } from '@/components/forms/paths.ts';
import { initialZone, newConnLimit, newRateLimit } from './default-zones.ts';
import { ZoneSelect } from './zone-select.tsx';
import { useZones } from './zones-context.tsx';

export function RateLimitsEditor({ path }: { path: Path }) {
  const zones = useZones();
  return (
    <RowList path={path} newItem={() => newRateLimit(initialZone('request', zones))} addLabel="Add rate limit" itemLabel={(r, i) => `rate limit ${String(r.zone || i + 1)}`} empty="No rules: requests are not limited.">
      {(p) => (
        <div className="space-y-3">
          <div className="grid gap-2 sm:grid-cols-4">
            <ZoneSelect path={`${p}.zone`} kind="request" label="Zone" className="sm:col-span-2" />
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
  const zones = useZones();
  return (
    <RowList path={path} newItem={() => newConnLimit(initialZone('connection', zones))} addLabel="Add connection limit" itemLabel={(r, i) => `connection limit ${String(r.zone || i + 1)}`} empty="No rules: concurrent requests are not limited.">
      {(p) => (
        <div className="grid gap-2 sm:grid-cols-4">
          <ZoneSelect path={`${p}.zone`} kind="connection" label="Zone" className="sm:col-span-2" />
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
