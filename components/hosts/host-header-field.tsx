'use client';
// Which Host the upstream receives: the client's ($host, what proxy dashboards send) or
// the pool's name / the address ($proxy_host, nginx's default). A host-wide switch, and
// per location "as the host", or either one.
import { Segmented, SwitchField } from '@/components/forms/choice-fields.tsx';
import { useForm } from '@/components/forms/form-store.tsx';

const EXPLAIN = "On: upstreams see the name the client asked for (proxy_set_header Host $host). Off: they see the pool's name or the address, nginx's default.";

export function HostHeaderSwitch() {
  return <SwitchField path="policies.passHostHeader" label="Pass the client's Host header" hint={EXPLAIN} />;
}

type Choice = 'host' | 'client' | 'upstream';

export function LocationHostHeader({ base }: { base: string }) {
  const form = useForm();
  const path = `${base}.policies.passHostHeader`;
  const own = form.get(path);
  const hostPasses = form.get('policies.passHostHeader') === true;
  const value: Choice = own === true ? 'client' : own === false ? 'upstream' : 'host';
  const effective = own ?? hostPasses;
  return (
    <div className="space-y-1.5">
      <Segmented
        legend="Host header to the upstream"
        size="sm"
        value={value}
        disabled={form.readOnly}
        onChange={(next) => form.set(path, next === 'host' ? undefined : next === 'client')}
        options={[
          { value: 'host', label: `As the host (${hostPasses ? "client's" : 'upstream name'})` },
          { value: 'client', label: "Client's Host" },
          { value: 'upstream', label: 'Upstream name' },
        ]}
      />
      <p className="text-xs text-muted">
        {effective ? 'The upstream sees the name the client asked for ($host).' : "The upstream sees the pool's name or the address ($proxy_host, nginx's default)."} A Host request header rule below wins over this.
      </p>
    </div>
  );
}
