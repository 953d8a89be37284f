'use client';
// Importing an nginx configuration: paste it (and the files it includes), preview what
// would be created and what did not map (by line), then apply it in one transaction.
// A syntax error is shown at its line and column in the text.
import Link from 'next/link';
import { useRef, useState } from 'react';
import { Alert } from '@/components/ui/alert.tsx';
import { Button } from '@/components/ui/button.tsx';
import { SectionCard } from '@/components/ui/card.tsx';
import { PlusIcon, TrashIcon } from '@/components/ui/icons.tsx';
import { FieldShell, Input } from '@/components/ui/input.tsx';
import { ApplyReportView } from '@/components/forms/apply-report.tsx';
import { newKey } from '@/components/forms/paths.ts';
import { api, ApiRequestError } from '@/components/hooks/api-client.ts';
import { useApplyStatus } from '@/components/hooks/use-apply-status.ts';
import { CodeArea, type CodeAreaHandle } from './code-area.tsx';
import { EXAMPLE_NGINX } from './example-config.ts';
import { ConflictsAlert, PlannedObjectsView, WarningsTable } from './import-preview.tsx';
import { UnknownHostsNotice } from './unknown-hosts-notice.tsx';
import { parseErrorOf, type ImportApplied, type ImportPreview, type ParseErrorDetail } from './import-types.ts';
import { plural } from '@/components/ui/plural.ts';

interface IncludedFile {
  key: string;
  name: string;
  content: string;
}

export function NginxImport({ canWrite }: { canWrite: boolean }) {
  const [config, setConfig] = useState('');
  const [files, setFiles] = useState<IncludedFile[]>([]);
  const [preview, setPreview] = useState<{ result: ImportPreview; input: string } | null>(null);
  const [applied, setApplied] = useState<{ result: ImportApplied; preview: ImportPreview } | null>(null);
  const [parseError, setParseError] = useState<ParseErrorDetail | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState<'preview' | 'apply' | null>(null);
  // Keep unknown hosts where they go now (keepDefaultServer): chosen on the preview, sent with the import.
  const [keepDefault, setKeepDefault] = useState(false);
  const editors = useRef(new Map<string, CodeAreaHandle>());
  const report = useApplyStatus(applied?.result.apply ?? null, applied ? [...applied.result.created.hosts, ...applied.result.created.pools] : []);

  const body = (dryRun: boolean) => ({ config, files: Object.fromEntries(files.filter((f) => f.name.trim()).map((f) => [f.name.trim(), f.content])), dryRun });
  const inputKey = JSON.stringify(body(true));
  const stale = preview !== null && preview.input !== inputKey;

  function goTo(file: string | undefined, line: number, column?: number) {
    editors.current.get(file ?? '')?.goTo(line, column);
  }

  async function send(dryRun: boolean) {
    setBusy(dryRun ? 'preview' : 'apply');
    setMessage(null);
    setParseError(null);
    try {
      if (dryRun) {
        const result = await api<ImportPreview>('POST', '/api/v1/import/nginx', body(true));
        setPreview({ result, input: inputKey });
        setKeepDefault(false);
        setApplied(null);
      } else {
        const result = await api<ImportApplied>('POST', '/api/v1/import/nginx', { ...body(false), keepDefaultServer: keepDefault });
        setApplied({ result, preview: preview!.result });
        setPreview(null);
      }
    } catch (e) {
      if (!(e instanceof ApiRequestError)) {
        setMessage('The dashboard could not be reached. Your text is still here; try again.');
        return;
      }
      const position = e.failure.status === 422 ? parseErrorOf(e.failure.details) : null;
      if (position) {
        setParseError(position);
        setPreview(null);
        // Put the caret on the error, once the marker is drawn.
        requestAnimationFrame(() => goTo(position.file, position.line, position.column));
      } else setMessage(e.failure.message);
    } finally {
      setBusy(null);
    }
  }

  const errorFor = (file: string) => (parseError && (parseError.file ?? '') === file ? { line: parseError.line, column: parseError.column, message: parseError.message } : null);
  const warnLines = (file: string) => (preview?.result.warnings ?? []).filter((w) => (w.file ?? '') === file).map((w) => w.line);
  const register = (file: string) => (handle: CodeAreaHandle | null) => {
    if (handle) editors.current.set(file, handle);
    else editors.current.delete(file);
  };

  return (
    <div className="space-y-6">
      {applied && report ? (
        <div className="space-y-2">
          <ApplyReportView report={report} what="import" />
          <ImportedLinks applied={applied} />
        </div>
      ) : null}
      <SectionCard
        id="nginx-config"
        title="nginx configuration"
        description="An http block, server blocks or a whole nginx.conf. Nothing changes until you apply the preview."
        actions={
          config ? null : (
            <Button variant="ghost" size="sm" onClick={() => setConfig(EXAMPLE_NGINX)}>
              Load an example
            </Button>
          )
        }
      >
        <div className="space-y-5">
          <CodeArea
            ref={register('')}
            id="import-config"
            label="nginx.conf"
            value={config}
            onChange={(v) => {
              setConfig(v);
              setParseError(null);
            }}
            error={errorFor('')}
            marks={warnLines('')}
            placeholder={'server {\n    listen 80;\n    server_name app.example.com;\n    location / { proxy_pass http://127.0.0.1:3000; }\n}'}
          />
          <fieldset className="space-y-3">
            <legend className="text-sm font-medium">Included files</legend>
            <p className="text-xs text-muted">Files the configuration includes (include, auth_basic_user_file), by the name it uses for them.</p>
            {files.map((f, i) => (
              <div key={f.key} className="space-y-2 rounded-md border border-border bg-background/50 p-3">
                <div className="flex items-end gap-2">
                  <FieldShell id={`import-file-${i}-name`} label={`File ${i + 1} name`} className="flex-1">
                    {(c) => <Input {...c} value={f.name} onChange={(e) => setFiles((all) => all.map((x) => (x.key === f.key ? { ...x, name: e.target.value } : x)))} placeholder="conf.d/app.conf" className="font-mono text-[13px]" autoComplete="off" spellCheck={false} />}
                  </FieldShell>
                  <Button variant="ghost" size="icon" aria-label={`Remove ${f.name || `file ${i + 1}`}`} onClick={() => setFiles((all) => all.filter((x) => x.key !== f.key))}>
                    <TrashIcon />
                  </Button>
                </div>
                <CodeArea ref={register(f.name.trim() || `unnamed-${f.key}`)} id={`import-file-${i}`} label={`Contents of ${f.name || `file ${i + 1}`}`} value={f.content} rows={8} error={errorFor(f.name.trim())} marks={warnLines(f.name.trim())} onChange={(v) => setFiles((all) => all.map((x) => (x.key === f.key ? { ...x, content: v } : x)))} />
              </div>
            ))}
            <Button variant="secondary" size="sm" onClick={() => setFiles((all) => [...all, { key: newKey(), name: '', content: '' }])}>
              <PlusIcon size={14} />
              Add an included file
            </Button>
          </fieldset>
          {message ? (
            <Alert tone="danger" role="alert" title="Not imported">
              {message}
            </Alert>
          ) : null}
          {parseError ? (
            <Alert
              tone="danger"
              role="alert"
              title={`The configuration does not parse: line ${parseError.line}, column ${parseError.column}${parseError.file ? ` of ${parseError.file}` : ''}`}
              actions={
                <Button variant="secondary" size="sm" onClick={() => goTo(parseError.file, parseError.line, parseError.column)}>
                  Go to line {parseError.line}
                </Button>
              }
            >
              {parseError.message}
            </Alert>
          ) : null}
          <div className="flex flex-wrap items-center gap-2">
            <Button onClick={() => send(true)} disabled={!canWrite || !config.trim() || busy !== null}>
              {busy === 'preview' ? 'Reading…' : 'Preview import'}
            </Button>
            {!canWrite ? <p className="text-sm text-muted">Importing (and its preview) needs the editor or admin role.</p> : null}
          </div>
        </div>
      </SectionCard>
      {preview ? (
        <SectionCard
          id="import-preview"
          title="Preview"
          description={stale ? 'The text changed since this preview: preview again before applying.' : 'What the import would create. Review the warnings: they name every directive that did not map one to one.'}
          actions={
            canWrite ? (
              <Button onClick={() => send(false)} disabled={stale || preview.result.conflicts.length > 0 || busy !== null}>
                {busy === 'apply' ? 'Importing…' : 'Apply import'}
              </Button>
            ) : null
          }
        >
          <div className="space-y-5">
            <ConflictsAlert conflicts={preview.result.conflicts} />
            <UnknownHostsNotice outcomes={preview.result.unknownHosts} keep={keepDefault} onKeep={setKeepDefault} disabled={!canWrite || busy !== null} />
            <PlannedObjectsView objects={preview.result.wouldCreate} keepDefault={keepDefault} />
            <div className="space-y-2">
              <h3 className="text-sm font-medium">Warnings ({preview.result.warnings.length})</h3>
              <WarningsTable warnings={preview.result.warnings} onGoTo={goTo} />
            </div>
          </div>
        </SectionCard>
      ) : null}
    </div>
  );
}

function ImportedLinks({ applied }: { applied: { result: ImportApplied; preview: ImportPreview } }) {
  const { created } = applied.result;
  const { hosts, pools } = applied.preview.wouldCreate;
  // Created ids come back in the plan's order.
  return (
    <p className="text-sm text-muted">
      Created{' '}
      {created.hosts.map((id, i) => (
        <span key={id}>
          {i ? ', ' : ''}host{' '}
          <Link href={`/hosts/${id}`} className="text-accent hover:underline">
            {hosts[i]?.serverNames[0] ?? id}
          </Link>
        </span>
      ))}
      {created.pools.map((id, i) => (
        <span key={id}>
          {created.hosts.length || i ? ', ' : ''}pool{' '}
          <Link href={`/pools/${id}`} className="text-accent hover:underline">
            {pools[i]?.name ?? id}
          </Link>
        </span>
      ))}
      {created.cacheZones.length + created.limitZones.length ? `, and ${plural(created.cacheZones.length + created.limitZones.length, 'zone')}` : ''}.
    </p>
  );
}
