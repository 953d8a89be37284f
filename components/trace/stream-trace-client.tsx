'use client';
// The tracer for TCP/UDP streams: a port (or the HTTPS entrypoint), the TLS server name
// the client sends and its address → which stream, SNI route and pool the connection
// reaches, and whether allow/deny lets it in (POST /api/v1/streams/trace).
import { useEffect, useState, type FormEvent } from 'react';
import { FailureAlert } from '@/components/ui/alert.tsx';
import { Button } from '@/components/ui/button.tsx';
import { Card } from '@/components/ui/card.tsx';
import { EmptyState } from '@/components/ui/empty-state.tsx';
import { RouteIcon } from '@/components/ui/icons.tsx';
import { FieldShell, Input, Select } from '@/components/ui/input.tsx';
import { api, ApiRequestError, failureMessage } from '@/components/hooks/api-client.ts';
import type { StreamTrace } from '@/core/contract/streams.ts';
import { streamTraceSteps } from './stream-trace-explain.ts';
import { TraceStep } from './trace-step.tsx';

/** Where the connection arrives: a TCP or UDP stream port, or Portico's HTTPS entrypoint. */
export type StreamTarget = 'tcp' | 'udp' | 'https';

export interface StreamTraceQuestion {
  target: StreamTarget;
  port: string;
  serverName: string;
  clientIp: string;
}

export function StreamTraceClient({ initial, autoRun }: { initial: StreamTraceQuestion; autoRun: boolean }) {
  const [q, setQ] = useState(initial);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ asked: StreamTraceQuestion; trace: StreamTrace } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<StreamTraceQuestion>) => setQ((old) => ({ ...old, ...patch }));

  async function run() {
    const problems: Record<string, string> = {};
    const port = Number(q.port);
    if (q.target !== 'https' && !(Number.isInteger(port) && port >= 1 && port <= 65535)) problems.port = 'a port from 1 to 65535';
    setFieldErrors(problems);
    if (Object.keys(problems).length) return;
    setBusy(true);
    setError(null);
    try {
      const body = {
        ...(q.target === 'https' ? { entrypoint: 'https' } : { protocol: q.target, port }),
        ...(q.serverName.trim() && q.target !== 'udp' ? { serverName: q.serverName.trim() } : {}),
        ...(q.clientIp.trim() ? { clientIp: q.clientIp.trim() } : {}),
      };
      setResult({ asked: q, trace: await api<StreamTrace>('POST', '/api/v1/streams/trace', body) });
    } catch (e) {
      if (e instanceof ApiRequestError && Object.keys(e.failure.fields).length) setFieldErrors(e.failure.fields);
      else setError(failureMessage(e));
      setResult(null);
    } finally {
      setBusy(false);
    }
  }
  useEffect(() => {
    // Opened with a port (a link from the Streams page): trace it straight away.
    if (autoRun) void run();
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    void run();
  }

  const steps = result ? streamTraceSteps({ protocol: result.asked.target === 'udp' ? 'udp' : 'tcp', port: Number(result.asked.port), entrypoint: result.asked.target === 'https' ? 'https' : undefined, serverName: result.asked.serverName.trim() || undefined, clientIp: result.asked.clientIp.trim() || '127.0.0.1' }, result.trace) : [];
  return (
    <div className="space-y-6">
      <Card className="p-4">
        <form onSubmit={submit} noValidate aria-label="Connection to trace" className="flex flex-wrap items-start gap-3">
          <FieldShell id="stream-trace-target" label="Arrives on" className="w-full sm:w-48">
            {(c) => (
              <Select {...c} value={q.target} onChange={(e) => set({ target: e.target.value as StreamTarget })}>
                <option value="tcp">TCP port</option>
                <option value="udp">UDP port</option>
                <option value="https">HTTPS entrypoint</option>
              </Select>
            )}
          </FieldShell>
          {q.target !== 'https' ? (
            <FieldShell id="stream-trace-port" label="Port" error={fieldErrors.port} className="w-full sm:w-28">
              {(c) => <Input {...c} value={q.port} onChange={(e) => set({ port: e.target.value })} inputMode="numeric" placeholder="5432" className="font-mono text-[13px]" autoComplete="off" />}
            </FieldShell>
          ) : null}
          {q.target !== 'udp' ? (
            <FieldShell id="stream-trace-sni" label="TLS server name (SNI)" hint="Leave empty for a client that sends none (or plain TCP)." error={fieldErrors.serverName} className="min-w-0 flex-1 basis-48">
              {(c) => <Input {...c} value={q.serverName} onChange={(e) => set({ serverName: e.target.value })} placeholder="db.example.com" className="font-mono text-[13px]" autoComplete="off" spellCheck={false} />}
            </FieldShell>
          ) : null}
          <FieldShell id="stream-trace-client-ip" label="Client address" hint="For the stream's allow/deny rules." error={fieldErrors.clientIp} className="w-full sm:w-44">
            {(c) => <Input {...c} value={q.clientIp} onChange={(e) => set({ clientIp: e.target.value })} placeholder="203.0.113.10" className="font-mono text-[13px]" autoComplete="off" spellCheck={false} />}
          </FieldShell>
          <Button type="submit" disabled={busy} className="w-full sm:mt-7 sm:w-auto">
            {busy ? 'Tracing…' : 'Trace connection'}
          </Button>
        </form>
      </Card>
      <div className="min-w-0 space-y-4" aria-live="polite">
        <FailureAlert title="The connection could not be traced" message={error} />
        {result ? (
          <ol className="space-y-4" aria-label="Stream trace">
            {steps.map((step, i) => (
              <TraceStep key={step.title} n={i + 1} title={step.title} tone={step.tone} last={i === steps.length - 1}>
                <p>{step.text}</p>
              </TraceStep>
            ))}
          </ol>
        ) : error ? null : (
          <EmptyState icon={<RouteIcon size={20} />} title="Trace a connection">
            Enter the port a client connects to (or pick the HTTPS entrypoint) and the TLS name it sends. The engine shows which stream takes it, the SNI route or default it follows, whether its address is allowed, and the pool it is balanced over.
          </EmptyState>
        )}
      </div>
    </div>
  );
}
