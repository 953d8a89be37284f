'use client';
// The health gate's settings inside the proxy settings form: off by default; when on, how
// long to watch each change and what counts as a regression.
import Link from 'next/link';
import { SectionCard } from '@/components/ui/card.tsx';
import { Switch } from '@/components/ui/switch.tsx';
import { SwitchField } from '@/components/forms/choice-fields.tsx';
import { useForm } from '@/components/forms/form-store.tsx';
import { NumberField } from '@/components/forms/text-fields.tsx';

export function HealthGateSection() {
  const form = useForm();
  const enabled = form.get('healthGate.enabled') === true;
  const latency = form.get('healthGate.latencyFactor');
  return (
    <SectionCard
      id="health-gate"
      title="Health-gated apply"
      description={
        <>
          After each change, watch the traffic and restore the previous version by itself when answers turn into 5xx errors or upstreams slow down. The verdict and the reason show on{' '}
          <Link href="/versions#health-gate" className="underline underline-offset-2">
            Versions
          </Link>
          .
        </>
      }
    >
      <div className="space-y-5">
        <SwitchField path="healthGate.enabled" label="Watch every change and roll back on a regression" hint="Compared with the five minutes before the change. Rollbacks themselves are not watched." />
        {enabled ? (
          <div className="grid gap-4 border-l-2 border-accent/30 pl-4 sm:grid-cols-2">
            <NumberField path="healthGate.watchSeconds" label="Watch for" suffix="sec" hint="5 to 600 seconds after the engine applied the change." />
            <NumberField path="healthGate.minRequests" label="Requests needed" hint="Fewer after the change: no verdict, the change stays." />
            <NumberField path="healthGate.max5xxIncreasePercent" label="5xx increase allowed" suffix="points" hint="Percentage points over the share of 5xx answers before the change." />
            <div className="space-y-3">
              <Switch
                id={`${form.domId('healthGate.latencyFactor')}-on`}
                label="Watch upstream latency"
                hint="Upstream p99 latency, per server, weighted by requests."
                checked={latency !== null && latency !== undefined}
                disabled={form.readOnly}
                onChange={(on) => form.set('healthGate.latencyFactor', on ? 3 : null)}
              />
              {latency !== null && latency !== undefined ? <NumberField path="healthGate.latencyFactor" label="Slower by more than" suffix="×" hint="And by 100 ms at least." /> : null}
            </div>
          </div>
        ) : null}
      </div>
    </SectionCard>
  );
}
