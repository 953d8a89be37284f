'use client';
// The pool's behaviour: balancing, keep-alive, active health checks, queue, upstream TLS.
import { HealthCheck } from '@/core/config/pool.ts';
import { SectionCard } from '@/components/ui/card.tsx';
import { Switch } from '@/components/ui/switch.tsx';
import { SwitchField } from '@/components/forms/choice-fields.tsx';
import { useForm } from '@/components/forms/form-store.tsx';
import { DurationField, NumberField, SelectField, TextareaField, TextField } from '@/components/forms/text-fields.tsx';
import { ALGORITHMS } from './pool-form-model.ts';

export function PoolBasicsCard({ autoFocus }: { autoFocus: boolean }) {
  const form = useForm();
  const algorithm = form.get('algorithm') as string;
  const hashSource = form.get('balance.hashKey.source') as string | undefined;
  const id = form.domId('algorithm');
  function choose(next: string) {
    const balance = (form.get('balance') ?? {}) as Record<string, unknown>;
    form.set('algorithm', next);
    // Hash options belong to HASH only; the model refuses them elsewhere.
    form.set('balance', next === 'HASH' ? { ...balance, hashKey: balance.hashKey ?? { source: 'uri' } } : { consistent: false });
  }
  return (
    <SectionCard id="pool" title="Pool" description="A named group of upstream servers that locations send requests to.">
      <div className="space-y-5">
        <TextField path="name" label="Name" mono placeholder="backend" className="max-w-sm" autoFocus={autoFocus} hint="Letters, digits, _ . - (as an nginx upstream name)." />
        <fieldset id={id} className="space-y-2">
          <legend className="text-sm font-medium">Balancing</legend>
          <div className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
            {ALGORITHMS.map((a) => (
              <label key={a.value} className="flex cursor-pointer gap-3 rounded-md border border-border p-3 text-sm transition-colors hover:border-accent/60 has-[:checked]:border-accent has-[:checked]:bg-accent/5 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-accent">
                <input type="radio" name="algorithm" className="mt-0.5 accent-[var(--accent)]" value={a.value} checked={algorithm === a.value} disabled={form.readOnly} onChange={() => choose(a.value)} />
                <span>
                  <span className="block font-medium">{a.label}</span>
                  <span className="block text-xs text-muted">{a.description}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        {algorithm === 'HASH' ? (
          <div className="grid gap-4 border-l-2 border-accent/30 pl-4 sm:grid-cols-3">
            <SelectField
              path="balance.hashKey.source"
              label="Hash key"
              alsoErrorsOf={['balance.hashKey']}
              options={[
                { value: 'uri', label: 'Request URI' },
                { value: 'client_ip', label: 'Client address' },
                { value: 'header', label: 'A header' },
                { value: 'cookie', label: 'A cookie' },
                { value: 'template', label: 'An nginx template' },
              ]}
            />
            {hashSource === 'header' || hashSource === 'cookie' || hashSource === 'template' ? (
              <TextField path="balance.hashKey.name" label={hashSource === 'template' ? 'Template' : `${hashSource === 'header' ? 'Header' : 'Cookie'} name`} mono placeholder={hashSource === 'template' ? '$request_uri$http_x_user' : hashSource === 'header' ? 'X-User-Id' : 'session'} />
            ) : null}
            <SwitchField path="balance.consistent" label="Consistent (ketama)" hint="Adding or removing a server remaps about 1/N of the keys." />
          </div>
        ) : null}
      </div>
    </SectionCard>
  );
}

export function KeepaliveCard() {
  return (
    <SectionCard id="keepalive" title="Keep-alive" description="Idle connections kept open to each server, so requests skip the TCP (and TLS) handshake.">
      <div className="grid gap-4 sm:grid-cols-3">
        <NumberField path="keepalive.maxIdle" label="Idle connections" hint="Per server; 0 closes after each request." />
        <DurationField path="keepalive.idleTimeoutMs" label="Idle timeout" hint="keepalive_timeout" />
        <NumberField path="keepalive.maxRequests" label="Requests per connection" hint="keepalive_requests; 0 is unlimited." />
      </div>
    </SectionCard>
  );
}

export function HealthCheckCard() {
  const form = useForm();
  const check = form.get('healthCheck');
  const on = check !== null && check !== undefined;
  return (
    <SectionCard id="health" title="Active health check" description="Probe every server on a schedule; servers failing the probe take no traffic until they pass again.">
      <div className="space-y-5">
        <Switch id={form.domId('healthCheck')} checked={on} disabled={form.readOnly} label="Check servers actively" hint={on ? undefined : 'Off: only failed requests mark a server unavailable (max fails).'} onChange={(next) => form.set('healthCheck', next ? HealthCheck.parse({}) : null)} />
        {on ? (
          <div className="space-y-4 border-l-2 border-accent/30 pl-4">
            <div className="grid gap-4 sm:grid-cols-[7rem_minmax(0,1fr)]">
              <SelectField path="healthCheck.method" label="Method" options={[{ value: 'GET', label: 'GET' }, { value: 'HEAD', label: 'HEAD' }]} />
              <TextField path="healthCheck.path" label="Path" mono placeholder="/healthz" empty="empty" />
            </div>
            <div className="grid grid-cols-2 gap-4 sm:grid-cols-4">
              <DurationField path="healthCheck.intervalMs" label="Every" />
              <DurationField path="healthCheck.timeoutMs" label="Timeout" />
              <NumberField path="healthCheck.rise" label="Healthy after" suffix="passes" />
              <NumberField path="healthCheck.fall" label="Unhealthy after" suffix="fails" />
            </div>
            <div className="grid grid-cols-2 gap-4 sm:grid-cols-4">
              <NumberField path="healthCheck.expectStatus.min" label="Status from" alsoErrorsOf={['healthCheck.expectStatus']} />
              <NumberField path="healthCheck.expectStatus.max" label="Status to" />
              <TextField path="healthCheck.bodyMatch" label="Body matches (regex)" mono className="col-span-2" placeholder="optional" />
            </div>
            <TextField path="healthCheck.hostHeader" label="Host header" mono className="max-w-sm" placeholder="the server address" hint="Sent with each probe." />
            <SwitchField path="healthCheck.enabled" fallback label="Running" hint="Off pauses the checks but keeps their settings." />
          </div>
        ) : null}
      </div>
    </SectionCard>
  );
}

export function QueueAndTlsCard() {
  return (
    <SectionCard id="advanced" title="Queue, upstream TLS and PROXY protocol" description="What happens when every server is at its connection limit, how HTTPS upstreams are verified, and whether they are told the client's address in a PROXY header.">
      <div className="space-y-5">
        <div className="grid gap-4 sm:grid-cols-2">
          <NumberField path="queue.size" label="Queue size" hint="Requests that wait for a free server; 0 answers 502 at once, as nginx." />
          <DurationField path="queue.timeoutMs" label="Queue timeout" hint="How long a request may wait." />
        </div>
        <SwitchField path="tls.verify" fallback label="Verify upstream certificates" hint="For locations that proxy over HTTPS. Turn off only for servers you trust on a private network." />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField path="tls.serverName" label="TLS server name (SNI)" mono placeholder="the server host" />
        </div>
        <TextareaField path="tls.caPem" label="Extra trusted CA certificates (PEM)" rows={3} empty="undefined" placeholder="-----BEGIN CERTIFICATE-----" />
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField
            path="proxyProtocol"
            label="Send the PROXY protocol"
            options={[
              { value: 'off', label: 'Off' },
              { value: 'v1', label: 'Version 1 (text)' },
              { value: 'v2', label: 'Version 2 (binary)' },
            ]}
            hint="A header naming the client at the start of each upstream connection (HAProxy send-proxy). Each client connection then gets its own upstream connection."
          />
        </div>
      </div>
    </SectionCard>
  );
}
