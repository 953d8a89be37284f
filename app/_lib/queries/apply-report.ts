// The answer's `apply` of every write (core/db/apply-report.ts), with the dashboard's database and engine.
import type { ApplyReport } from '@/core/views/apply-report.ts';
import { applyAndReport } from '@/core/db/apply-report.ts';
import { engine } from '../engine-client.ts';
import { getDb } from '../db.ts';

export async function applyReport(revision: number, objectIds: string[], options: { healthGate?: boolean } = {}): Promise<ApplyReport> {
  return applyAndReport(await getDb(), engine(), revision, objectIds, options);
}
