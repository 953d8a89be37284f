// The dashboard's /readyz verdict: the engine, asked over its control API, serves the
// revision the database holds now (read here, not the engine's idea of it, which lags by up
// to its one-second poll). Every failure is a reason, never an exception.
import { readiness, type Readiness } from '@/core/contract/readiness.ts';
import { readRevision } from '@/core/db/load-config.ts';
import { getDb } from '../db.ts';
import { engine, engineOnThisInstance } from '../engine-client.ts';

export async function dashboardReadiness(): Promise<Readiness> {
  let latest: number;
  try {
    latest = await readRevision(await getDb());
  } catch {
    return { ready: false, reason: 'the dashboard cannot read the configuration database' };
  }
  // A dashboard-only instance (PORTICO_ROLE=dashboard) has no engine to wait for: it is ready once it can read the database.
  if (!engineOnThisInstance()) return { ready: true, revision: latest };
  const status = await engine().status();
  if (!status) return { ready: false, reason: 'the engine does not answer on its control port' };
  return readiness(status, latest);
}
