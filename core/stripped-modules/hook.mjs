// Loaded with `--import` into the engine (scripts/start.ts, the benchmark): a TypeScript
// module whose types were already stripped at build time (./build.ts) is loaded as plain
// JavaScript, so Node never loads its TypeScript stripper (amaro, a WebAssembly module)
// into the engine. That stripper's memory stays resident for the process's life:
// ≈ 17 MB of RSS per isolate (the engine, and each data-plane worker thread), measured in
// docs/benchmarks.md. This file is JavaScript for that reason: a .ts hook would load it.
//
// The cache is addressed by the source's content (SHA-256), so an entry is never stale:
// an edited, new or unbuilt file simply has no entry and Node strips it as usual.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';
import { STRIPPED_DIR, entryName } from './layout.mjs';

/**
 * Modules answered from the cache, and .ts modules Node had to strip itself: on the global
 * object so the engine's GET /status reports them without importing this file (which would
 * register the hook a second time).
 */
const strippedModuleLoads = { cached: 0, stripped: 0 };
globalThis[Symbol.for('portico.strippedModuleLoads')] = strippedModuleLoads;

registerHooks({
  load(url, context, nextLoad) {
    if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
    let source;
    try {
      source = readFileSync(fileURLToPath(url));
    } catch {
      return nextLoad(url, context);
    }
    const digest = createHash('sha256').update(source).digest('hex');
    let stripped;
    try {
      stripped = readFileSync(`${STRIPPED_DIR}/${entryName(digest)}`, 'utf8');
    } catch {
      strippedModuleLoads.stripped++;
      return nextLoad(url, context);
    }
    strippedModuleLoads.cached++;
    return { format: 'module', source: stripped, shortCircuit: true };
  },
});
