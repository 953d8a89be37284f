// A worker thread for nginx imports (import-in-worker.ts keeps a few): tokenizing,
// include expansion and mapping run here, off the dashboard's event loop, one import at
// a time. The plan is posted as JSON text (one string crosses threads cheaply, where a
// structured clone of 20,000 hosts costs the receiving thread 1.5 s), with the names it
// would create and where unknown names would go, so that a dry run can check clashes and
// answer without parsing it.
import { parentPort } from 'node:worker_threads';
import { importNginx } from './import-nginx.ts';
import { ImportLimitError } from './import-limits.ts';
import { type DefaultsView, defaultsView, type PlanNames, planNames } from './import-plan.ts';
import { isNginxParseError, type NginxParseError } from './parse-error.ts';

export interface ImportWorkerInput {
  text: string;
  files: Record<string, string>;
}

/** What the worker posts back: the plan as JSON text, or the error to rethrow. */
export type ImportWorkerOutput =
  | { ok: true; objectsJson: string; warningsJson: string; names: PlanNames; defaults: DefaultsView }
  | { ok: false; kind: 'parse'; error: ReturnType<NginxParseError['toJSON']> }
  | { ok: false; kind: 'limit'; error: ReturnType<ImportLimitError['toJSON']> }
  | { ok: false; kind: 'internal'; message: string };

function run({ text, files }: ImportWorkerInput): ImportWorkerOutput {
  try {
    const { warnings, ...objects } = importNginx(text, files);
    return { ok: true, objectsJson: JSON.stringify(objects), warningsJson: JSON.stringify(warnings), names: planNames(objects), defaults: defaultsView(objects) };
  } catch (error) {
    if (error instanceof ImportLimitError) return { ok: false, kind: 'limit', error: error.toJSON() };
    if (isNginxParseError(error)) return { ok: false, kind: 'parse', error: error.toJSON() };
    return { ok: false, kind: 'internal', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

parentPort?.on('message', (input: ImportWorkerInput) => parentPort!.postMessage(run(input)));
