// Stands in for the dashboard while the database cannot be used (the supervisor starts it
// instead of Next.js): every page shows what is wrong and how to recover, every API route
// answers 503 database_unavailable. It never opens the database, so it cannot change it,
// and it needs no dashboard build.
import fs from 'node:fs';
import http from 'node:http';
import { dashboardEnv } from '../app/_lib/env.ts';
import { readLastGood, lastGoodPath } from '../core/db/last-good.ts';
import { listBackups } from '../core/db/backup.ts';
import { readinessBody } from '../core/contract/readiness.ts';
import type { DatabaseIncident } from './lib/database-incident.ts';
import { log } from '../app/_lib/log.ts';
import { incidentApiError, incidentTitle, renderIncidentPage, type IncidentView } from './lib/incident-page.ts';

const incident = JSON.parse(process.env.PORTICO_DATABASE_INCIDENT_JSON ?? 'null') as DatabaseIncident | null;
if (!incident) throw new Error('PORTICO_DATABASE_INCIDENT_JSON is not set (the supervisor starts this server)');
const env = dashboardEnv();
const supervisorPid = process.ppid;

// The last good copy can be megabytes: read again only when it changed.
let serving: { key: string; value: IncidentView['serving'] } = { key: '', value: null };
function servingNow(): IncidentView['serving'] {
  const stat = fs.statSync(lastGoodPath(env.dataDir), { throwIfNoEntry: false });
  const key = stat ? `${stat.mtimeMs}:${stat.size}` : 'none';
  if (key !== serving.key) {
    const config = stat ? readLastGood(env.dataDir) : null;
    serving = { key, value: config && stat ? { revision: config.revision, savedAt: stat.mtime.toISOString() } : null };
  }
  return serving.value;
}

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** The same DNS-rebinding protection as the dashboard's. */
function hostAllowed(req: http.IncomingMessage): boolean {
  const host = (req.headers.host ?? '').toLowerCase();
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
  return env.allowedHosts.has(name);
}

function send(res: http.ServerResponse, status: number, type: string, body: string, head: boolean): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(head ? undefined : body);
}

const server = http.createServer((req, res) => {
  // Bodies are never read: drain nothing, close after answering.
  res.setHeader('connection', 'close');
  const head = req.method === 'HEAD';
  const api = (req.url ?? '/').startsWith('/api/');
  // The health probes (as on the dashboard, app/healthz, app/readyz) answer any Host: the
  // process serves, and it is not ready for traffic while the database is out of service.
  const probe = (req.url ?? '/').split('?')[0];
  if (probe === '/healthz') return send(res, 200, 'application/json', JSON.stringify({ status: 'ok' }), head);
  if (probe === '/readyz') return send(res, 503, 'application/json', JSON.stringify(readinessBody({ ready: false, reason: `the database is out of service (${incidentTitle(incident.kind)})` })), head);
  if (!hostAllowed(req)) {
    const message = 'this host name is not allowed; add it to PORTICO_DASHBOARD_ALLOWED_HOSTS';
    return send(res, 403, api ? 'application/json' : 'text/plain; charset=utf-8', api ? JSON.stringify({ error: { code: 'forbidden', message } }) : message, head);
  }
  const view: IncidentView = { incident, dataDir: env.dataDir, backups: listBackups(env.dataDir), serving: servingNow(), supervisorPid };
  if (api) return send(res, 503, 'application/json', JSON.stringify(incidentApiError(view)), head);
  send(res, 503, 'text/html; charset=utf-8', renderIncidentPage(view), head);
});
server.listen(env.PORTICO_DASHBOARD_PORT, env.PORTICO_DASHBOARD_HOST, () =>
  log.error(`the database cannot be used: showing how to recover on http://${env.PORTICO_DASHBOARD_HOST}:${env.PORTICO_DASHBOARD_PORT}`),
);

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
