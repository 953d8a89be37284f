'use client';
// The stream editor: checked with the shared StreamInput schema before it is sent; the
// API's verdict (field errors, a taken port, the engine's apply) shown where it belongs.
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { StreamInput } from '@/core/config/stream.ts';
import { Alert } from '@/components/ui/alert.tsx';
import { Button } from '@/components/ui/button.tsx';
import { SectionCard } from '@/components/ui/card.tsx';
import { Field } from '@/components/ui/field.tsx';
import { Select, Textarea } from '@/components/ui/input.tsx';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { TrashIcon } from '@/components/ui/icons.tsx';
import { api, ApiRequestError } from '@/components/hooks/api-client.ts';
import { toStreamBody, type StreamFormValue } from './stream-form-model.ts';
import { SniRoutesEditor } from './sni-routes-editor.tsx';
import { plural } from '@/components/ui/plural.ts';

export interface StreamEditorProps {
  streamId: string | null;
  initial: StreamFormValue;
  /** Fields the form does not edit (a pinned certificate), kept as they are. */
  base: Record<string, unknown>;
  pools: { id: string; name: string }[];
  readOnly: boolean;
  engineError: string | null;
}

export function StreamEditorClient({ streamId, initial, base, pools, readOnly, engineError }: StreamEditorProps) {
  const router = useRouter();
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof StreamFormValue>(key: K) => (value: StreamFormValue[K]) => setForm((f) => ({ ...f, [key]: value }));
  const onHttps = form.listenOn === 'https';
  const tcp = onHttps || form.protocol === 'tcp';
  const text = (key: keyof StreamFormValue) => ({ value: String(form[key]), onChange: (e: { target: { value: string } }) => set(key)(e.target.value as never), error: errors[key === 'perClient' || key === 'total' ? `limits.${key}` : key], disabled: readOnly });

  async function save(event: FormEvent) {
    event.preventDefault();
    const body = toStreamBody(form, base);
    const parsed = StreamInput.safeParse(body);
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [i.path.map(String).join('.'), i.message])));
      setMessage('Some fields need attention.');
      return;
    }
    setBusy(true);
    setErrors({});
    setMessage(null);
    try {
      const answer = await api<{ stream: { id: string }; apply: { applied: boolean; errors: { message: string }[] } }>(streamId ? 'PUT' : 'POST', streamId ? `/api/v1/streams/${streamId}` : '/api/v1/streams', body);
      const problem = answer.apply.errors[0]?.message;
      if (problem) setMessage(`Saved, but the engine reports: ${problem}`);
      else router.push('/streams');
      router.refresh();
    } catch (error) {
      if (error instanceof ApiRequestError) {
        const path = (error.failure.details as { path?: string } | undefined)?.path;
        setErrors(path ? { ...error.failure.fields, [path]: error.failure.message } : error.failure.fields);
        setMessage(error.failure.message);
      } else setMessage('The request failed; nothing was changed.');
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    if (!streamId) return;
    setBusy(true);
    try {
      await api('DELETE', `/api/v1/streams/${streamId}`);
      router.push('/streams');
      router.refresh();
    } catch (error) {
      setMessage(error instanceof Error ? error.message : 'The stream could not be deleted.');
      setBusy(false);
    }
  }

  return (
    <form onSubmit={save} className="space-y-6" noValidate>
      <PageHeader
        title={streamId ? initial.name : 'New stream'}
        description="A TCP or UDP port of the proxy that sends every connection to a pool or an address (nginx stream)."
        back={{ href: '/streams', label: 'Streams' }}
        actions={
          streamId && !readOnly ? (
            <Button variant="danger" onClick={remove} disabled={busy}>
              <TrashIcon size={16} />
              Delete
            </Button>
          ) : null
        }
      />
      {engineError ? <Alert tone="danger" title="The engine disabled this stream">{engineError}</Alert> : null}
      {message ? <Alert tone="danger" role="alert">{message}</Alert> : null}
      <SectionCard title="Listen">
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label="Name" {...text('name')} maxLength={64} />
          <div className="space-y-1.5">
            <label htmlFor="stream-listen-on" className="block text-sm font-medium">Listen on</label>
            <Select id="stream-listen-on" value={form.listenOn} disabled={readOnly} onChange={(e) => set('listenOn')(e.target.value as 'port' | 'https')}>
              <option value="port">a port of its own</option>
              <option value="https">the HTTPS entrypoint (passthrough by SNI)</option>
            </Select>
          </div>
          {onHttps ? (
            <p className="text-sm text-muted sm:mt-7">TCP, on Portico&apos;s HTTPS port: the names of its SNI routes pass through to their backends; every other name is terminated by Portico and served by its hosts, as before.</p>
          ) : (
            <div className="grid grid-cols-2 gap-4">
              <div className="space-y-1.5">
                <label htmlFor="stream-protocol" className="block text-sm font-medium">Protocol</label>
                <Select id="stream-protocol" value={form.protocol} disabled={readOnly} onChange={(e) => set('protocol')(e.target.value as 'tcp' | 'udp')}>
                  <option value="tcp">TCP</option>
                  <option value="udp">UDP</option>
                </Select>
              </div>
              <Field label="Port" inputMode="numeric" {...text('listenPort')} />
            </div>
          )}
        </div>
        {errors.entrypoint || errors.protocol ? <p role="alert" className="mt-2 text-sm text-danger">{errors.entrypoint ?? errors.protocol}</p> : null}
        <label className="mt-4 flex items-center gap-2 text-sm">
          <input type="checkbox" checked={form.enabled} disabled={readOnly} onChange={(e) => set('enabled')(e.target.checked)} /> Enabled
        </label>
        {tcp && !onHttps ? (
          <label className="mt-2 flex items-center gap-2 text-sm">
            <input type="checkbox" checked={form.tlsTerminate} disabled={readOnly} onChange={(e) => set('tlsTerminate')(e.target.checked)} /> Terminate TLS with the certificate that matches the client&apos;s name (plain TCP upstream)
          </label>
        ) : null}
      </SectionCard>
      {tcp ? (
        <SectionCard title="TLS passthrough by SNI" description="Read the TLS ClientHello without terminating it and send each server name, still encrypted, to its own backend (nginx ssl_preread, Traefik HostSNI).">
          <SniRoutesEditor routes={form.sni} onChange={set('sni')} pools={pools} errors={errors} readOnly={readOnly} />
          {form.sni.length > 0 ? (
            <div className="mt-4 max-w-xs">
              <Field label="ClientHello timeout (ms)" inputMode="numeric" {...text('prereadTimeoutMs')} hint="preread_timeout: a client that sends no ClientHello this long is closed" />
            </div>
          ) : null}
        </SectionCard>
      ) : form.sni.length > 0 ? (
        <Alert tone="danger" title="SNI routes need TCP">This UDP stream still has {plural(form.sni.length, 'SNI route')}: switch back to TCP to edit them; saving as UDP is refused.</Alert>
      ) : null}
      <SectionCard title={form.sni.length > 0 ? 'Other names' : 'Upstream'} description={form.sni.length > 0 ? (onHttps ? undefined : 'Connections whose TLS name has no route, and those without SNI.') : undefined}>
        <div className="grid gap-4 sm:grid-cols-2">
          {onHttps ? (
            <p className="text-sm text-muted sm:col-span-2">Names without a route are terminated by Portico and served by its hosts.</p>
          ) : (
          <div className="space-y-1.5">
            <label htmlFor="stream-target" className="block text-sm font-medium">Send to</label>
            <Select id="stream-target" value={form.target} disabled={readOnly} onChange={(e) => set('target')(e.target.value as StreamFormValue['target'])}>
              <option value="address">one address</option>
              <option value="pool" disabled={pools.length === 0}>a pool{pools.length === 0 ? ' (none yet)' : ''}</option>
              {form.sni.length > 0 || form.target === 'none' ? <option value="none">nowhere: close the connection</option> : null}
            </Select>
          </div>
          )}
          {onHttps || form.target === 'none' ? null : form.target === 'pool' ? (
            <div className="space-y-1.5">
              <label htmlFor="stream-pool" className="block text-sm font-medium">Pool</label>
              <Select id="stream-pool" value={form.poolId} disabled={readOnly} onChange={(e) => set('poolId')(e.target.value)} aria-invalid={errors.poolId ? true : undefined}>
                <option value="">choose a pool</option>
                {pools.map((p) => (
                  <option key={p.id} value={p.id}>{p.name}</option>
                ))}
              </Select>
              {errors.poolId ? <p role="alert" className="text-sm text-danger">{errors.poolId}</p> : null}
            </div>
          ) : (
            <Field label="Address" placeholder="127.0.0.1:5432" {...text('address')} error={errors.address ?? errors.poolId} />
          )}
          <Field label="Connect timeout (ms)" inputMode="numeric" {...text('connectTimeoutMs')} hint="proxy_connect_timeout" />
          <Field label="Idle timeout (ms)" inputMode="numeric" {...text('idleTimeoutMs')} hint="proxy_timeout: no byte either way for this long closes the connection" />
          {form.protocol === 'udp' && !onHttps ? <Field label="Responses per datagram" inputMode="numeric" {...text('responses')} hint="proxy_responses; empty: until the idle timeout" /> : null}
        </div>
      </SectionCard>
      <SectionCard title="Access and limits">
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="space-y-1.5 sm:col-span-2">
            <label htmlFor="stream-access" className="block text-sm font-medium">Allow / deny, one rule a line (first match decides)</label>
            <Textarea id="stream-access" rows={3} placeholder={'allow 10.0.0.0/8\ndeny all'} value={form.access} disabled={readOnly} onChange={(e) => set('access')(e.target.value)} />
            {Object.entries(errors).filter(([k]) => k.startsWith('access')).map(([k, v]) => (
              <p key={k} role="alert" className="text-sm text-danger">rule {Number(k.split('.')[1]) + 1}: {v}</p>
            ))}
          </div>
          <Field label="Connections per client address" inputMode="numeric" {...text('perClient')} hint="limit_conn by $binary_remote_addr; 0 = unlimited" />
          <Field label="Connections in total" inputMode="numeric" {...text('total')} hint="0 = unlimited" />
        </div>
      </SectionCard>
      <SectionCard title="PROXY protocol">
        <div className="space-y-3 text-sm">
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={form.proxyAccept} disabled={readOnly} onChange={(e) => set('proxyAccept')(e.target.checked)} /> Require the header from clients (listen … proxy_protocol)
          </label>
          {form.proxyAccept ? <Field label="Trusted peers (set_real_ip_from)" placeholder="10.0.0.0/8, 192.0.2.1" {...text('trustedFrom')} error={Object.entries(errors).find(([k]) => k.startsWith('proxyProtocol.trustedFrom'))?.[1]} /> : null}
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={form.proxySend} disabled={readOnly} onChange={(e) => set('proxySend')(e.target.checked)} /> Send the header to the upstream (proxy_protocol on)
          </label>
        </div>
      </SectionCard>
      {!readOnly ? (
        <div className="flex justify-end">
          <Button type="submit" disabled={busy}>{streamId ? 'Save stream' : 'Create stream'}</Button>
        </div>
      ) : null}
    </form>
  );
}
