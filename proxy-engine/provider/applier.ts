// Keeps the runtime in step with the database: checks the revision every second and on
// demand (POST /reload), loads and compiles a new runtime when it moved, swaps it in with
// one reference assignment, then commits it (what lives across revisions follows the new
// runtime; what only the old one used is released once no request holds the old one).
// Compiling changes nothing, so a failed load or compile keeps the old runtime serving;
// the last good configuration is saved so a restart can serve while the database is
// unavailable. Revisions only move forward: a database whose revision is lower than the
// one in service was emptied or replaced, and is reported instead of applied.
import type { Db } from '../../core/db/client.ts';
import { compileRuntime, type CompileDeps, type CompiledRuntime } from '../runtime/compile.ts';
import type { LoadedConfig } from '../../core/config/snapshot.ts';
import type { Runtime } from '../runtime/types.ts';
import type { ObjectError } from '../../core/contract/status.ts';
import { saveLastGood } from '../../core/db/last-good.ts';
import { loadConfig, readRevision } from '../../core/db/load-config.ts';

export interface ApplyStatus {
  appliedRevision: number;
  desiredRevision: number;
  lastAppliedAt: number | null;
  lastApplyMs: number | null;
  /** Why the database could not be read, while the last good runtime keeps serving. */
  databaseError: string | null;
  /** Why the desired revision could not be compiled at all (the old runtime serves). */
  compileError: string | null;
}

export interface Applier {
  current(): Runtime;
  status(): ApplyStatus;
  /** Applies now if the revision moved; resolves when done. */
  check(force?: boolean): Promise<void>;
  onApplied(listener: (runtime: Runtime, previous: Runtime) => void): void;
  start(intervalMs?: number): void;
  stop(): void;
}

const wentBack = (revision: number) =>
  `the database holds revision ${revision}, older than the revision in service: it was emptied, replaced or restored by hand (see the dashboard)`;

// streams: `afterSwap` brings the stream listeners in line with the applied configuration (proxy-engine/streams/).
// workers: `distribute` hands a revision that compiled here to every data-plane worker
// (proxy-engine/workers/) and resolves once each has answered: appliedRevision moves only then.
export function createApplier(
  db: Db,
  dataDir: string,
  deps: CompileDeps,
  initial: Runtime,
  afterSwap?: (config: LoadedConfig) => Promise<void>,
  distribute?: (config: LoadedConfig) => Promise<void>,
): Applier {
  let runtime = initial;
  let desired = initial.revision;
  let lastAppliedAt: number | null = null;
  let lastApplyMs: number | null = null;
  let databaseError: string | null = null;
  let compileError: string | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  const listeners: ((next: Runtime, previous: Runtime) => void)[] = [];

  const swap = (compiled: CompiledRuntime) => {
    const previous = runtime;
    runtime = compiled.runtime;
    // Synchronously after the swap, before a listener (health checks) touches shared state.
    compiled.commit(previous);
    for (const listener of listeners) listener(runtime, previous);
  };

  async function applyOnce(force: boolean): Promise<void> {
    const t0 = performance.now();
    let config: LoadedConfig;
    try {
      desired = await readRevision(db);
      if (!force && desired === runtime.revision) {
        databaseError = null;
        return;
      }
      if (desired < runtime.revision) {
        databaseError = wentBack(desired);
        return;
      }
      config = await loadConfig(db);
      if (config.revision < runtime.revision) {
        databaseError = wentBack(config.revision);
        return;
      }
      databaseError = null;
    } catch (error) {
      databaseError = (error as Error).message.split('\n').filter(Boolean).slice(-1)[0] ?? 'database error';
      return;
    }
    let next: CompiledRuntime;
    try {
      next = compileRuntime(config, deps);
      compileError = null;
    } catch (error) {
      // A snapshot that cannot compile at all leaves the old runtime serving.
      compileError = `revision ${config.revision} could not be compiled: ${(error as Error).message}`;
      return;
    }
    await distribute?.(config);
    swap(next);
    // streams: new ports listen before the apply counts as done. A stream that cannot start
    // reports itself (the manager's errors); anything worse must not undo the HTTP apply.
    await afterSwap?.(config).catch((error: unknown) => process.emitWarning(`streams of revision ${config.revision} not applied: ${(error as Error).message}`));
    lastAppliedAt = Date.now();
    lastApplyMs = performance.now() - t0;
    try {
      saveLastGood(dataDir, config);
    } catch (error) {
      process.emitWarning(`could not save the last good configuration: ${(error as Error).message}`);
    }
  }

  async function check(force = false): Promise<void> {
    if (running) {
      // A write landed while applying: apply once more afterwards.
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await applyOnce(force);
        force = false;
      } while (again);
    })();
    try {
      await running;
    } finally {
      running = null;
    }
  }

  return {
    current: () => runtime,
    status: () => ({ appliedRevision: runtime.revision, desiredRevision: Math.max(desired, runtime.revision), lastAppliedAt, lastApplyMs, databaseError, compileError }),
    check,
    onApplied: (listener) => listeners.push(listener),
    start(intervalMs = 1000) {
      timer = setInterval(() => void check(), intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}

export function snapshotErrors(runtime: Runtime, status: ApplyStatus): ObjectError[] {
  const errors = [...runtime.errors];
  if (status.databaseError) {
    errors.push({ objectType: 'snapshot', objectId: 'database', name: 'database', path: '', message: `cannot read the configuration: ${status.databaseError}; serving revision ${runtime.revision}` });
  }
  if (status.compileError) errors.push({ objectType: 'snapshot', objectId: 'compile', name: 'configuration', path: '', message: status.compileError });
  return errors;
}
