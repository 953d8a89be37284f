// Plans an nginx import off the event loop (a worker thread with a time and memory
// budget); applying a plan is core's (core/db/import-apply.ts), shared with the CLI.
import type { Db } from '@/core/db/client.ts';
import { ImportAbortedError, ImportBusyError, type PlannedImport, planInWorker } from '@/core/nginx/import-in-worker.ts';
import type { ImportPlan } from '@/core/nginx/import-plan.ts';
import { isNginxParseError } from '@/core/nginx/parse-error.ts';
import { ApiError } from '../api/errors.ts';
import type { WriteMeta } from '../../../core/db/config-state.ts';
import { applyImportPlan, ImportConflictError } from '../../../core/db/import-apply.ts';

export { findConflicts } from '../../../core/db/import-apply.ts';

/**
 * The plan for an nginx configuration. A syntax error or a crossed import limit is a 422
 * with its position (and the limit's name); an import that runs out of time or memory is
 * a 422 naming that limit; too many imports at once is a 429.
 */
export async function planNginxImport(config: string, files: Readonly<Record<string, string>>): Promise<PlannedImport> {
  try {
    return await planInWorker(config, files);
  } catch (error) {
    if (isNginxParseError(error)) {
      const e = error.toJSON();
      const where = e.file === undefined ? '' : `"${e.file}", `;
      throw new ApiError('validation_failed', `${where}line ${e.line}, column ${e.column}: ${e.message}`, [{ path: 'config', ...e }]);
    }
    if (error instanceof ImportAbortedError) throw new ApiError('validation_failed', error.message, [{ path: 'config', limit: error.limit, max: error.max, message: error.message }]);
    if (error instanceof ImportBusyError) throw new ApiError('too_many_requests', error.message, undefined, { 'retry-after': '5' });
    throw error;
  }
}

export async function applyImport(db: Db, plan: ImportPlan, meta: WriteMeta) {
  try {
    return await applyImportPlan(db, plan, meta);
  } catch (error) {
    if (error instanceof ImportConflictError) throw new ApiError('conflict', error.message, error.conflicts);
    throw error;
  }
}
