// Runs importNginx in worker threads with a time and memory budget, so that a large or
// hostile configuration never holds the dashboard's event loop: the dashboard keeps
// answering while an import runs, and an import that outlives its budget is stopped by
// terminating its worker. Two workers at most; a few more imports wait their turn. A
// worker stays loaded for a while after an import (loading the importer costs a few
// hundred milliseconds), and a terminated or crashed one is simply replaced.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ImportLimitError } from './import-limits.ts';
import type { DefaultsView, ImportPlan, PlanNames } from './import-plan.ts';
import type { ImportWorkerInput, ImportWorkerOutput } from './import-worker.ts';
import { NginxParseError } from './parse-error.ts';

export const WORKER_LIMITS = {
  /** Wall-clock time of one import, from its turn (a new worker's start included). */
  timeMs: 30_000,
  /** V8 heap of a worker: 20,000 servers import within 128 MB. */
  heapMb: 512,
  /** Imports running at once (the machine may have two cores). */
  running: 2,
  /** Imports waiting for a turn; more are refused (429). */
  waiting: 8,
  /** An idle worker is stopped after this long, giving its memory back. */
  idleMs: 60_000,
};

export interface WorkerImportOptions {
  timeMs?: number;
  heapMb?: number;
}

/** The worker ran out of its time or memory budget and was stopped. */
export class ImportAbortedError extends Error {
  readonly limit: 'time' | 'memory';
  readonly max: number;

  constructor(limit: 'time' | 'memory', max: number) {
    super(
      limit === 'time'
        ? `import limit "time": the import did not finish within ${max / 1000} s and was stopped; import the configuration in smaller parts`
        : `import limit "memory": the import needed more than ${max} MB and was stopped; import the configuration in smaller parts`,
    );
    this.name = 'ImportAbortedError';
    this.limit = limit;
    this.max = max;
  }
}

/** Too many imports are running or waiting; try again shortly. */
export class ImportBusyError extends Error {
  constructor() {
    super(`${WORKER_LIMITS.running} imports are running and ${WORKER_LIMITS.waiting} are waiting; try again in a few seconds`);
    this.name = 'ImportBusyError';
  }
}

const WORKER_NAME = 'import-worker.ts';

/**
 * The worker's source file, beside this one. Node runs it by type stripping, as it runs
 * the engine. Next.js bundles this module into `.next/`, but its `import.meta.url` still
 * names the source file (Turbopack resolves it against the project root; it has no
 * `import.meta.dirname`); the working directory is the fallback (`npm start`, `next start`
 * and vitest all run in the repository). `new URL(…, import.meta.url)` is avoided on
 * purpose: bundlers treat it as an asset to copy, without the modules it imports.
 */
function workerFile(): string {
  const dirs = [path.join(process.cwd(), 'core', 'nginx')];
  try {
    dirs.unshift(path.dirname(fileURLToPath(import.meta.url)));
  } catch {
    // Not a file: URL; the working directory will do.
  }
  const files = dirs.map((dir) => path.join(dir, WORKER_NAME));
  const found = files.find((file) => fs.existsSync(file));
  if (!found) throw new Error(`the import worker was not found: ${files.join(' or ')}`);
  return found;
}

/** A plan made in a worker, as the JSON text it crossed in; parsed only when needed. */
export interface PlannedImport {
  /** The plan without its warnings (pools, hosts, zones, settings), as JSON text. */
  objectsJson: string;
  warningsJson: string;
  /** The names the plan would create. */
  names: PlanNames;
  /** Where requests for unknown names go after it (see import-plan.ts). */
  defaults: DefaultsView;
  /** The plan itself, parsed from the text on each call. */
  plan(): ImportPlan;
}

interface Job {
  input: ImportWorkerInput;
  timeMs: number;
  heapMb: number;
  resolve(planned: PlannedImport): void;
  reject(error: Error): void;
}

interface PoolWorker {
  worker: Worker;
  heapMb: number;
  idleTimer?: NodeJS.Timeout;
}

const idle: PoolWorker[] = [];
const queue: Job[] = [];
let alive = 0;

function spawn(heapMb: number): PoolWorker {
  const worker = new Worker(workerFile(), { resourceLimits: { maxOldGenerationSizeMb: heapMb }, stdout: false, stderr: false });
  alive++;
  // An idle worker must not keep a process (or a test run) alive.
  worker.unref();
  const entry: PoolWorker = { worker, heapMb };
  worker.once('exit', () => {
    alive--;
    const at = idle.indexOf(entry);
    if (at >= 0) idle.splice(at, 1);
    clearTimeout(entry.idleTimer);
    dispatch();
  });
  return entry;
}

function dispatch(): void {
  while (queue.length > 0) {
    const job = queue[0]!;
    const at = idle.findIndex((w) => w.heapMb === job.heapMb);
    let entry: PoolWorker;
    if (at >= 0) entry = idle.splice(at, 1)[0]!;
    else if (alive < WORKER_LIMITS.running) {
      try {
        entry = spawn(job.heapMb);
      } catch (error) {
        queue.shift();
        job.reject(error as Error);
        continue;
      }
    } else if (idle.length > 0) {
      // A worker with another heap size is idle: replace it (its exit dispatches again).
      void idle.shift()!.worker.terminate();
      return;
    } else return;
    queue.shift();
    run(entry, job);
  }
}

function run(entry: PoolWorker, job: Job): void {
  clearTimeout(entry.idleTimer);
  const { worker } = entry;
  let settled = false;
  const finish = (keep: boolean, outcome: () => void) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    worker.off('message', onMessage);
    worker.off('error', onError);
    worker.off('exit', onExit);
    if (keep) {
      entry.idleTimer = setTimeout(() => void worker.terminate(), WORKER_LIMITS.idleMs).unref();
      idle.push(entry);
    } else void worker.terminate();
    outcome();
    dispatch();
  };
  const onMessage = (output: ImportWorkerOutput) => finish(true, () => (output.ok ? job.resolve(planned(output)) : job.reject(rethrown(output))));
  const onError = (error: Error & { code?: string }) =>
    finish(false, () => job.reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new ImportAbortedError('memory', job.heapMb) : error));
  const onExit = (code: number) => finish(false, () => job.reject(new Error(`the import worker exited (code ${code}) without an answer`)));
  // The worker's clock: a stuck import is stopped by terminating its thread.
  const timer = setTimeout(() => finish(false, () => job.reject(new ImportAbortedError('time', job.timeMs))), job.timeMs);
  worker.on('message', onMessage);
  worker.on('error', onError);
  worker.on('exit', onExit);
  worker.postMessage(job.input);
}

function planned({ objectsJson, warningsJson, names, defaults }: Extract<ImportWorkerOutput, { ok: true }>): PlannedImport {
  return {
    objectsJson,
    warningsJson,
    names,
    defaults,
    plan: () => ({ ...(JSON.parse(objectsJson) as Omit<ImportPlan, 'warnings'>), warnings: JSON.parse(warningsJson) as ImportPlan['warnings'] }),
  };
}

function rethrown(output: Exclude<ImportWorkerOutput, { ok: true }>): Error {
  if (output.kind === 'limit') {
    const { limit, line, column, file } = output.error;
    const error = new ImportLimitError(limit, { line, column, file });
    // The worker's message has the details (which file, from where); keep it.
    error.message = output.error.message;
    return error;
  }
  if (output.kind === 'parse') return new NginxParseError(output.error.message, output.error.line, output.error.column, output.error.file);
  return new Error(`the import worker failed: ${output.message}`);
}

/**
 * importNginx in a worker thread: the same plan (as JSON text), or the same
 * NginxParseError / ImportLimitError; ImportAbortedError past the time or memory budget,
 * ImportBusyError when too many imports are already queued.
 */
export function planInWorker(text: string, files: Readonly<Record<string, string>> = {}, options: WorkerImportOptions = {}): Promise<PlannedImport> {
  // Waiting means every worker is busy; running jobs are not in the queue.
  if (queue.length >= WORKER_LIMITS.waiting) return Promise.reject(new ImportBusyError());
  return new Promise<PlannedImport>((resolve, reject) => {
    queue.push({ input: { text, files: { ...files } }, timeMs: options.timeMs ?? WORKER_LIMITS.timeMs, heapMb: options.heapMb ?? WORKER_LIMITS.heapMb, resolve, reject });
    dispatch();
  });
}

/** planInWorker, parsed: what importNginx returns. */
export async function importNginxInWorker(text: string, files: Readonly<Record<string, string>> = {}, options: WorkerImportOptions = {}): Promise<ImportPlan> {
  return (await planInWorker(text, files, options)).plan();
}
