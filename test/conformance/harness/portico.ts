// Portico under test: the engine started in-process (startEngine, as main.ts does) on a
// temporary data directory and ephemeral loopback ports. A configuration is applied the
// way a user's nginx import is: importNginx(text) → rows through Prisma → revision bump
// → the applier loads and compiles it. An import that loses behaviour (an "unsupported"
// warning) or an object the engine refuses fails the case: a comparison must never run
// against a half-applied configuration.
import { startEngine, type EngineHandle } from '../../../proxy-engine/engine.ts';
import { testSharedState } from '../../helpers/shared-state.ts';
import { importNginx, type ImportWarning } from '../../../core/nginx/import-nginx.ts';
import { createDataDir } from '../../helpers/data-dir.ts';
import { testWorkers } from '../../helpers/test-workers.ts';
import { insertPlan } from './insert-plan.ts';

export interface PorticoUnderTest {
  port: number;
  engine: EngineHandle;
  /** The engine's data directory (its control token, engine.token, is there). */
  dataDir: string;
  /** Makes `text` the running configuration; returns the importer's warnings. */
  apply(text: string, options?: ApplyOptions): Promise<ImportWarning[]>;
  stop(): Promise<void>;
}

export interface ApplyOptions {
  /** "unsupported" import warnings that are expected (matched against the message). */
  allowUnsupported?: readonly RegExp[];
  /** Files next to the configuration (auth_basic_user_file), by relative path: pasted to the importer, written beside nginx.conf. */
  files?: Readonly<Record<string, string>>;
}

export async function startPortico(): Promise<PorticoUnderTest> {
  const data = await createDataDir('portico-conformance-');
  let engine: EngineHandle;
  try {
    engine = await startEngine({
      dataDir: data.dir,
      PORTICO_HTTP_PORT: 0,
      PORTICO_HTTPS_PORT: 0,
      PORTICO_CONTROL_PORT: 0,
      PORTICO_BIND_ADDRESS: '127.0.0.1',
      // PORTICO_TEST_WORKERS=2 runs the suite against two data-plane workers.
      PORTICO_WORKERS: Number(testWorkers()),
    }, testSharedState());
  } catch (error) {
    data.cleanup();
    throw error;
  }
  return {
    port: engine.ports.http,
    engine,
    dataDir: data.dir,
    async apply(text, options = {}) {
      const plan = importNginx(text, options.files);
      const lost = plan.warnings.filter((w) => w.kind === 'unsupported' && !(options.allowUnsupported ?? []).some((re) => re.test(w.message)));
      if (lost.length > 0) {
        throw new Error(`the import lost behaviour:\n${lost.map((w) => `  line ${w.line} ${w.directive}: ${w.message}`).join('\n')}`);
      }
      const revision = await insertPlan(engine.db, plan);
      await engine.applier.check();
      const status = engine.applier.status();
      if (status.appliedRevision < revision) {
        throw new Error(`revision ${revision} was not applied: ${JSON.stringify(status)}`);
      }
      const errors = engine.applier.current().errors;
      if (errors.length > 0) throw new Error(`the engine refused part of the configuration:\n${JSON.stringify(errors, null, 2)}`);
      return plan.warnings;
    },
    async stop() {
      try {
        await engine.stop();
      } finally {
        data.cleanup();
      }
    },
  };
}
