'use client';
// Searching the logs: by host, status (404 or 5xx), path prefix, request id and time,
// in the access log or the error log. Newest first, a page at a time ("Older lines"
// continues from the engine's cursor); the filter stays in the URL.
import { useEffect, useState, type FormEvent } from 'react';
import type { AccessEntry } from '@/core/contract/access-log.ts';
import { FailureAlert } from '@/components/ui/alert.tsx';
import { Button } from '@/components/ui/button.tsx';
import { Card } from '@/components/ui/card.tsx';
import { FieldShell, Input, Select } from '@/components/ui/input.tsx';
import { api, failureMessage } from '@/components/hooks/api-client.ts';
import { AccessTable } from './access-table.tsx';
import { ErrorTable, type ErrorEntry } from './error-table.tsx';
import { EMPTY_FILTERS, type LogFilters } from './filters.ts';
import { plural } from '@/components/ui/plural.ts';
import { HostFilter } from '@/components/hosts/host-filter.tsx';

type Result = ({ source: 'access'; entries: AccessEntry[] } | { source: 'error'; entries: ErrorEntry[] }) & { truncated: boolean; filtered: boolean; next: string | null; params: URLSearchParams };
type Page = { entries: unknown[]; truncated: boolean; next?: string | null };

function problems(f: LogFilters): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.status && !/^([1-5]\d\d|[1-5]xx)$/i.test(f.status.trim())) out.status = 'a status such as 404, or a class such as 5xx';
  if (f.path && !f.path.startsWith('/')) out.path = 'a path starts with "/"';
  if (f.from && f.to && new Date(f.from) >= new Date(f.to)) out.to = 'must be after “from”';
  return out;
}

function query(f: LogFilters): URLSearchParams {
  const params = new URLSearchParams({ source: f.source, limit: f.limit });
  for (const key of ['host', 'status', 'path', 'requestId'] as const) if (f[key].trim()) params.set(key, f[key].trim());
  // datetime-local is the reader's local time; the API wants an instant.
  if (f.from) params.set('from', new Date(f.from).toISOString());
  if (f.to) params.set('to', new Date(f.to).toISOString());
  return params;
}

function isFiltered(f: LogFilters): boolean {
  return (['host', 'status', 'path', 'requestId', 'from', 'to'] as const).some((k) => f[k].trim() !== '');
}

export function LogSearch({ hosts, initial }: { hosts: string[]; initial: LogFilters }) {
  const [filters, setFilters] = useState(initial);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function search(f: LogFilters) {
    const bad = problems(f);
    setFieldErrors(bad);
    if (Object.keys(bad).length) return;
    setBusy(true);
    setError(null);
    const params = query(f);
    window.history.replaceState(null, '', `/logs?${new URLSearchParams([...params].filter(([k, v]) => !(k === 'source' && v === 'access') && !(k === 'limit' && v === '100')))}`.replace(/\?$/, ''));
    try {
      const res = await api<Page>('GET', `/api/v1/logs?${params}`);
      const filtered = isFiltered(f);
      const rest = { truncated: res.truncated, filtered, next: res.next ?? null, params };
      setResult(f.source === 'error' ? { source: 'error', entries: res.entries as ErrorEntry[], ...rest } : { source: 'access', entries: res.entries as AccessEntry[], ...rest });
    } catch (e) {
      setError(failureMessage(e));
    } finally {
      setBusy(false);
    }
  }
  /** The next page of the shown result, appended below it. */
  async function older(shown: Result) {
    if (!shown.next) return;
    setBusy(true);
    setError(null);
    try {
      const params = new URLSearchParams(shown.params);
      params.set('cursor', shown.next);
      const res = await api<Page>('GET', `/api/v1/logs?${params}`);
      const more = { truncated: res.truncated, next: res.next ?? null };
      setResult(shown.source === 'error' ? { ...shown, ...more, entries: [...shown.entries, ...(res.entries as ErrorEntry[])] } : { ...shown, ...more, entries: [...shown.entries, ...(res.entries as AccessEntry[])] });
    } catch (e) {
      setError(failureMessage(e));
    } finally {
      setBusy(false);
    }
  }
  useEffect(() => {
    void search(initial);
    // Once, with the filters the page was opened with; later searches are the user's.
  }, []);

  const set = (key: keyof LogFilters) => (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [key]: e.target.value }));
  const byRequestId = (id: string) => {
    const next = { ...EMPTY_FILTERS, source: filters.source, requestId: id };
    setFilters(next);
    void search(next);
  };
  function submit(event: FormEvent) {
    event.preventDefault();
    void search(filters);
  }
  // What the shown result was searched with (the form may have changed since).
  const filtered = result?.filtered ?? false;

  return (
    <div className="space-y-4">
      <Card className="p-4">
        <form onSubmit={submit} noValidate aria-label="Search the logs" className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          <FieldShell id="logs-source" label="Log">
            {(c) => (
              <Select {...c} value={filters.source} onChange={set('source')}>
                <option value="access">Access log</option>
                <option value="error">Error log</option>
              </Select>
            )}
          </FieldShell>
          <HostFilter id="logs-host" value={filters.host} onChange={(host) => setFilters((f) => ({ ...f, host }))} hosts={hosts} allLabel="Any host" />
          <FieldShell id="logs-status" label="Status" error={fieldErrors.status}>
            {(c) => <Input {...c} value={filters.status} onChange={set('status')} placeholder="404 or 5xx" title="A status such as 404, or a class such as 5xx" className="font-mono text-[13px]" autoComplete="off" />}
          </FieldShell>
          <FieldShell id="logs-path" label="Path starts with" error={fieldErrors.path}>
            {(c) => <Input {...c} value={filters.path} onChange={set('path')} placeholder="/api/" className="font-mono text-[13px]" autoComplete="off" spellCheck={false} />}
          </FieldShell>
          <FieldShell id="logs-request-id" label="Request id" className="col-span-2 lg:col-span-1">
            {(c) => <Input {...c} value={filters.requestId} onChange={set('requestId')} placeholder="any" className="font-mono text-[13px]" autoComplete="off" spellCheck={false} />}
          </FieldShell>
          <FieldShell id="logs-from" label="From" className="col-span-2 sm:col-span-1">
            {(c) => <Input {...c} type="datetime-local" step="1" value={filters.from} onChange={set('from')} />}
          </FieldShell>
          <FieldShell id="logs-to" label="To" error={fieldErrors.to} className="col-span-2 sm:col-span-1">
            {(c) => <Input {...c} type="datetime-local" step="1" value={filters.to} onChange={set('to')} />}
          </FieldShell>
          <div className="col-span-2 flex items-end gap-2 lg:col-span-1">
            <FieldShell id="logs-limit" label="Show" className="w-24 shrink-0">
              {(c) => (
                <Select {...c} value={filters.limit} onChange={set('limit')}>
                  <option value="100">100</option>
                  <option value="500">500</option>
                  <option value="1000">1000</option>
                </Select>
              )}
            </FieldShell>
            <Button type="submit" disabled={busy} className="flex-1">
              {busy ? 'Searching…' : 'Search'}
            </Button>
          </div>
        </form>
      </Card>
      <FailureAlert title="The logs could not be searched" message={error} />
      {result ? (
        <Card>
          <div className="flex flex-wrap items-center justify-between gap-2 border-b border-border px-4 py-2.5 text-sm">
            <p role="status" className="text-muted">
              {result.entries.length === 0 ? 'No lines' : plural(result.entries.length, 'line')}
              {filtered ? ' match' : ''}, newest first{result.truncated ? ' (this page stopped after reading 64 MB of log; older lines continue it)' : ''}.
            </p>
            {filtered ? (
              <Button
                variant="ghost"
                size="sm"
                onClick={() => {
                  const next = { ...EMPTY_FILTERS, source: filters.source };
                  setFilters(next);
                  void search(next);
                }}
              >
                Clear filters
              </Button>
            ) : null}
          </div>
          {result.entries.length === 0 ? (
            <p className="px-4 py-8 text-center text-sm text-muted">
              {result.truncated ? 'Nothing matches in the newest lines read so far: “Older lines” searches on.' : filtered ? 'Nothing matches this search. Widen it, or clear the filters.' : result.source === 'error' ? 'The error log is empty: no upstream has failed a request.' : 'No requests logged yet. Requests through the proxy appear here and in the live tail.'}
            </p>
          ) : result.source === 'access' ? (
            <AccessTable entries={result.entries} onRequestId={byRequestId} caption="Access log lines matching the search" />
          ) : (
            <ErrorTable entries={result.entries} onRequestId={byRequestId} caption="Error log entries matching the search" />
          )}
          {result.next ? (
            <div className="border-t border-border px-4 py-2.5 text-center">
              <Button variant="ghost" size="sm" disabled={busy} onClick={() => void older(result)}>
                {busy ? 'Searching…' : 'Older lines'}
              </Button>
            </div>
          ) : null}
        </Card>
      ) : null}
    </div>
  );
}
