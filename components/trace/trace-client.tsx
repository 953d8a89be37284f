'use client';
// The request tracer: describe a request, and see what the engine would do with it.
import { useEffect, useState, type FormEvent } from 'react';
import { FailureAlert } from '@/components/ui/alert.tsx';
import { Button } from '@/components/ui/button.tsx';
import { Card } from '@/components/ui/card.tsx';
import { EmptyState } from '@/components/ui/empty-state.tsx';
import { PlusIcon, RouteIcon, TrashIcon } from '@/components/ui/icons.tsx';
import { FieldShell, Input, Select } from '@/components/ui/input.tsx';
import { api, ApiRequestError, failureMessage } from '@/components/hooks/api-client.ts';
import { newKey } from '@/components/forms/paths.ts';
import { TraceResultView } from './trace-result.tsx';
import type { TraceRequest, TraceResult } from '../../core/contract/trace.ts';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

interface HeaderRow {
  key: string;
  name: string;
  value: string;
}

function localProblems(url: string, headers: HeaderRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  const hasHost = headers.some((h) => h.name.trim().toLowerCase() === 'host' && h.value.trim());
  if (!url.trim()) out.url = 'enter the URL the client asks for, such as http://app.example.com/api/items';
  else if (!/^https?:\/\/[^/]/i.test(url.trim()) && !(url.startsWith('/') && hasHost)) out.url = 'an absolute http:// or https:// URL, or a path with a Host header below';
  headers.forEach((h, i) => {
    if (h.value && !h.name.trim()) out[`headers.${i}`] = 'a header needs a name';
    else if (h.name && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(h.name.trim())) out[`headers.${i}`] = 'not a valid header name';
  });
  return out;
}

export function TraceClient({ initial, examples }: { initial: TraceRequest; examples: string[] }) {
  const [method, setMethod] = useState(initial.method);
  const [url, setUrl] = useState(initial.url);
  const [clientIp, setClientIp] = useState(initial.clientIp);
  const [headers, setHeaders] = useState<HeaderRow[]>(() => Object.entries(initial.headers).map(([name, value]) => ({ key: newKey(), name, value })));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<TraceResult | null>(null);
  const [busy, setBusy] = useState(false);

  async function run() {
    const problems = localProblems(url, headers);
    setFieldErrors(problems);
    if (Object.keys(problems).length) return;
    setBusy(true);
    setError(null);
    try {
      const body = { method, url: url.trim(), clientIp: clientIp.trim() || undefined, headers: Object.fromEntries(headers.filter((h) => h.name.trim()).map((h) => [h.name.trim(), h.value])) };
      setResult(await api<TraceResult>('POST', '/api/v1/trace', body));
    } catch (e) {
      if (e instanceof ApiRequestError && Object.keys(e.failure.fields).length) setFieldErrors(e.failure.fields);
      else setError(failureMessage(e));
      setResult(null);
    } finally {
      setBusy(false);
    }
  }

  function trace(event: FormEvent) {
    event.preventDefault();
    void run();
  }
  useEffect(() => {
    // Opened from a log line (or a shared link) with a URL: trace it straight away.
    if (initial.url) void run();
  }, []);

  const setHeader = (key: string, patch: Partial<HeaderRow>) => setHeaders((rows) => rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  return (
    <div className="space-y-6">
      <Card className="p-4">
        <form onSubmit={trace} noValidate aria-label="Request to trace" className="space-y-4">
          <div className="flex flex-wrap items-start gap-2">
            <FieldShell id="trace-method" label="Method" className="w-24 shrink-0 sm:w-28">
              {(c) => (
                <Select {...c} value={method} onChange={(e) => setMethod(e.target.value)}>
                  {METHODS.map((m) => (
                    <option key={m}>{m}</option>
                  ))}
                </Select>
              )}
            </FieldShell>
            <FieldShell id="trace-url" label="URL" error={fieldErrors.url} className="min-w-0 flex-1 basis-48">
              {(c) => <Input {...c} value={url} onChange={(e) => setUrl(e.target.value)} placeholder="http://app.example.com/api/items?page=2" list="trace-examples" className="font-mono text-[13px]" autoComplete="off" spellCheck={false} autoFocus={!initial.url} />}
            </FieldShell>
            <datalist id="trace-examples">
              {examples.map((e) => (
                <option key={e} value={e} />
              ))}
            </datalist>
            <Button type="submit" disabled={busy} className="w-full sm:mt-7 sm:w-auto">
              {busy ? 'Tracing…' : 'Trace request'}
            </Button>
          </div>
          <div className="grid gap-4 md:grid-cols-[minmax(0,1.6fr)_minmax(0,1fr)]">
            <fieldset className="min-w-0 space-y-2">
              <legend className="text-sm font-medium">Headers</legend>
              {headers.length === 0 ? <p className="text-xs text-muted">None besides Host (taken from the URL).</p> : null}
              {headers.map((h, i) => (
                <div key={h.key} className="flex items-start gap-2">
                  <FieldShell id={`trace-header-${i}-name`} label={`Header ${i + 1} name`} hideLabel className="w-2/5" error={fieldErrors[`headers.${i}`] ?? fieldErrors[`headers.${h.name}`]}>
                    {(c) => <Input {...c} value={h.name} onChange={(e) => setHeader(h.key, { name: e.target.value })} placeholder="Name" className="font-mono text-[13px]" autoComplete="off" spellCheck={false} />}
                  </FieldShell>
                  <FieldShell id={`trace-header-${i}-value`} label={`Header ${i + 1} value`} hideLabel className="flex-1">
                    {(c) => <Input {...c} value={h.value} onChange={(e) => setHeader(h.key, { value: e.target.value })} placeholder="Value" className="font-mono text-[13px]" autoComplete="off" spellCheck={false} />}
                  </FieldShell>
                  <Button variant="ghost" size="icon" aria-label={`Remove header ${h.name || i + 1}`} onClick={() => setHeaders((rows) => rows.filter((r) => r.key !== h.key))}>
                    <TrashIcon />
                  </Button>
                </div>
              ))}
              <Button variant="secondary" size="sm" onClick={() => setHeaders((rows) => [...rows, { key: newKey(), name: '', value: '' }])}>
                <PlusIcon size={14} />
                Add header
              </Button>
            </fieldset>
            <FieldShell id="trace-client-ip" label="Client address" hint="Where the request comes from (for access rules, limits and ip_hash)." error={fieldErrors.clientIp}>
              {(c) => <Input {...c} value={clientIp} onChange={(e) => setClientIp(e.target.value)} placeholder="203.0.113.10" className="font-mono text-[13px]" autoComplete="off" spellCheck={false} />}
            </FieldShell>
          </div>
        </form>
      </Card>
      <div className="min-w-0 space-y-4" aria-live="polite">
        <FailureAlert title="The request could not be traced" message={error} />
        {result ? (
          <TraceResultView result={result} />
        ) : error ? null : (
          <EmptyState icon={<RouteIcon size={20} />} title="Trace a request">
            Enter a URL as a client would ask for it. The engine shows which host and location would answer and why, the policies on the way, and the exact request it would send upstream, without sending it.
          </EmptyState>
        )}
      </div>
    </div>
  );
}
