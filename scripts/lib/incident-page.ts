// What the dashboard's address shows while the database cannot be used: what is wrong,
// that the proxy keeps serving (and which revision), the backups there are and the exact
// commands to restore one or to start afresh. The API answers 503 database_unavailable.
import path from 'node:path';
import type { BackupFile } from '../../core/db/backup.ts';
import type { DatabaseIncident, IncidentKind } from './database-incident.ts';

export const REINITIALISE_COMMAND = 'npm start -- --reinitialise';

const TITLES: Record<IncidentKind, string> = {
  unreadable: 'Portico cannot read its database',
  wal_damaged: "The database's write-ahead log is damaged",
  newer_schema: 'The database belongs to a newer version of Portico',
  unrecognised: "This is not Portico's database",
  emptied: 'The database is empty, but Portico ran on one before',
  replaced: 'This is not the database Portico last ran on',
  older: 'The database is older than the configuration in service',
  migration_failed: 'The database could not be migrated',
};

export interface IncidentView {
  incident: DatabaseIncident;
  dataDir: string;
  backups: BackupFile[];
  /** The configuration the proxy serves meanwhile (from last-good-config.json). */
  serving: { revision: number; savedAt: string } | null;
  supervisorPid: number;
}

/** A POSIX shell word for `value` (paths may hold spaces or quotes). */
function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export function restoreCommand(backupFile: string): string {
  return `npm start -- --restore ${shellWord(backupFile)}`;
}

export function incidentTitle(kind: IncidentKind): string {
  return TITLES[kind];
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function megabytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function servingText(view: IncidentView): string {
  if (!view.serving) return 'There is no last good configuration to serve: the proxy is running, but serves no hosts until a database is back in service.';
  return `The proxy keeps serving revision ${view.serving.revision} of the configuration, saved in last-good-config.json on ${view.serving.savedAt}.`;
}

function untouchedText(incident: DatabaseIncident): string {
  if (incident.kind === 'migration_failed') return 'The migration stopped at its error; a backup was taken before it began, and the last good configuration is as it was.';
  return 'Nothing was migrated, written or overwritten: the database file, its write-ahead log and the last good configuration hold exactly what they held when Portico started.';
}

export function renderIncidentPage(view: IncidentView): string {
  const { incident } = view;
  const e = escapeHtml;
  const details = incident.details.length ? `<ul class="details">${incident.details.map((d) => `<li>${e(d)}</li>`).join('')}</ul>` : '';
  const hint = incident.hint ? `<p>${e(incident.hint)}</p>` : '';
  const backups = view.backups.length
    ? `<table><thead><tr><th>Backup</th><th>Taken</th><th>Size</th><th>Command</th></tr></thead><tbody>${view.backups
        .map((b) => `<tr><td>${e(b.name)}</td><td>${e(b.createdAt)}</td><td>${megabytes(b.bytes)}</td><td><code>${e(restoreCommand(b.file))}</code></td></tr>`)
        .join('')}</tbody></table>`
    : `<p>There are no backups in <code>${e(path.join(view.dataDir, 'backups'))}</code>. A backup you keep elsewhere restores the same way: <code>${e(restoreCommand('/path/to/backup.db'))}</code></p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>Database unavailable · Portico</title>
<style>
:root{color-scheme:light dark;--fg:#18181b;--muted:#52525b;--bg:#fafafa;--card:#fff;--border:#e4e4e7;--warn:#b91c1c;--code:#f4f4f5}
@media (prefers-color-scheme:dark){:root{--fg:#f4f4f5;--muted:#a1a1aa;--bg:#09090b;--card:#18181b;--border:#27272a;--warn:#f87171;--code:#27272a}}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif}
main{max-width:60rem;margin:0 auto;padding:2.5rem 1.25rem}
section{background:var(--card);border:1px solid var(--border);border-radius:.75rem;padding:1.25rem 1.5rem;margin:1rem 0}
h1{font-size:1.5rem;margin:.25rem 0 .5rem}h2{font-size:1.05rem;margin:1.5rem 0 .5rem}section>h2:first-child{margin-top:0}
.badge{display:inline-block;color:var(--warn);font-weight:600;font-size:.8rem;letter-spacing:.04em;text-transform:uppercase}
.muted,.details{color:var(--muted)}code{background:var(--code);border-radius:.3rem;padding:.1rem .35rem;font-size:.85em;word-break:break-all}
table{width:100%;border-collapse:collapse;font-size:.9rem}th,td{text-align:left;padding:.45rem .5rem;border-top:1px solid var(--border);vertical-align:top}th{border-top:0;color:var(--muted);font-weight:500}
ol{padding-left:1.25rem}li{margin:.3rem 0}
</style></head>
<body><main>
<span class="badge">Database unavailable</span>
<h1>${e(TITLES[incident.kind])}</h1>
<p>${e(incident.summary.charAt(0).toUpperCase() + incident.summary.slice(1))}.</p>
${details}
<p class="muted">Database: <code>${e(incident.databaseFile)}</code></p>
<section><h2>The proxy keeps running</h2>
<p>${e(servingText(view))}</p>
<p class="muted">${e(untouchedText(incident))} The dashboard stays in this state until Portico is restarted.</p></section>
<section><h2>How to recover</h2>
<ol><li>Stop Portico: Ctrl-C where <code>npm start</code> runs, or <code>kill ${view.supervisorPid}</code>.</li>
<li>Then start it with one of the commands below. The current database files and the last good configuration are moved to <code>${e(path.join(view.dataDir, 'backups'))}/before-…/</code> first, never deleted.</li></ol>
${hint}
<h2>Restore a backup</h2>
${backups}
<h2>Or start afresh</h2>
<p><code>${REINITIALISE_COMMAND}</code> starts with an empty configuration and a new administrator setup (the proxy then serves nothing until it is configured again).</p></section>
<p class="muted">More in the README, “Recovering from a damaged database”.</p>
</main></body></html>
`;
}

export function incidentApiError(view: IncidentView) {
  const serving = view.serving ? `the proxy keeps serving revision ${view.serving.revision}` : 'the proxy serves no configuration';
  return {
    error: {
      code: 'database_unavailable',
      message: `the database cannot be used: ${view.incident.summary}; ${serving}. Open the dashboard for the backups and the commands to restore.`,
      details: { kind: view.incident.kind, servingRevision: view.serving?.revision ?? null },
    },
  };
}
