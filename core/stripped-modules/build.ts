// Strips the types of the engine's TypeScript modules ahead of time, into the
// content-addressed cache that ./hook.mjs serves them from (why: see there). Run by the
// supervisor before it starts an engine, and by the benchmark; a file already in the cache
// costs a read and a hash. Entries no source has any more are removed once a day old (a
// younger one may be another checkout's or a concurrent build's). Failing to write
// (a read-only install) costs memory, not correctness: the engine strips as Node does.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import path from 'node:path';
import { STRIPPED_DIR, entryName } from './layout.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** What the engine, its worker threads and the controller import (checked by build.test.ts). */
export const STRIPPED_SOURCE_DIRS = ['proxy-engine', 'core', 'controller'];

const UNUSED_ENTRY_TTL_MS = 24 * 3600_000;

export interface StripResult {
  modules: number;
  written: number;
  removed: number;
  ms: number;
  error?: string;
}

function* sources(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) yield* sources(full);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts')) {
      yield full;
    }
  }
}

/**
 * Node flags stripTypeScriptTypes as experimental on its first call; the supervisor's
 * output is the user's, and the API is the very stripper Node runs on every .ts it loads.
 */
function quietly<T>(run: () => T): T {
  const emit = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (String(typeof warning === 'string' ? warning : warning.message).includes('stripTypeScriptTypes')) return;
    (emit as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return run();
  } finally {
    process.emitWarning = emit;
  }
}

export function buildStrippedModules(options: { root?: string; dirs?: string[]; cacheDir?: string } = {}): StripResult {
  const started = performance.now();
  const root = options.root ?? ROOT;
  const cacheDir = options.cacheDir ?? STRIPPED_DIR;
  const result: StripResult = { modules: 0, written: 0, removed: 0, ms: 0 };
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    const present = new Set(fs.readdirSync(cacheDir));
    const wanted = new Set<string>();
    for (const dir of options.dirs ?? STRIPPED_SOURCE_DIRS) {
      for (const file of sources(path.join(root, dir))) {
        const source = fs.readFileSync(file);
        const name = entryName(createHash('sha256').update(source).digest('hex'));
        result.modules++;
        wanted.add(name);
        if (present.has(name)) continue;
        // Node's own stripper, in its own mode: types become spaces, so every line and
        // column (stack traces, coverage) stays where it is in the source.
        const js = quietly(() => stripTypeScriptTypes(source.toString('utf8'), { mode: 'strip' }));
        // Written whole and renamed, so a reader never sees half a module.
        const temp = path.join(cacheDir, `.${name}.${process.pid}.tmp`);
        fs.writeFileSync(temp, js);
        fs.renameSync(temp, path.join(cacheDir, name));
        result.written++;
      }
    }
    const oldest = Date.now() - UNUSED_ENTRY_TTL_MS;
    for (const name of present) {
      if (wanted.has(name) || !name.endsWith('.js')) continue;
      const file = path.join(cacheDir, name);
      if ((fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Infinity) < oldest) {
        fs.rmSync(file, { force: true });
        result.removed++;
      }
    }
  } catch (error) {
    result.error = (error as Error).message;
  }
  result.ms = performance.now() - started;
  return result;
}
