// The hook in a real Node process: a module with an entry is loaded from the cache (Node's
// TypeScript stripper never loads), one without is stripped by Node as before.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { STRIPPED_MODULES_FLAGS } from '../engine-node-flags.ts';
import { buildStrippedModules } from './build.ts';
import { STRIPPED_DIR, entryName } from './layout.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-hook-'));
const written: string[] = [];
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const file of written) fs.rmSync(file, { force: true });
});

/** Runs `script` (ESM) in a fresh node with or without the hook; prints JSON. */
function run(script: string, withHook: boolean): { amaro: boolean; counts: { cached: number; stripped: number } | null; value: unknown } {
  const file = path.join(dir, `run-${Math.random().toString(36).slice(2)}.mjs`);
  fs.writeFileSync(
    file,
    `${script}\nconsole.log(JSON.stringify({ amaro: process.moduleLoadList.some((m) => m.includes('amaro')), counts: globalThis[Symbol.for('portico.strippedModuleLoads')] ?? null, value: globalThis.value ?? null }));\n`,
  );
  const out = spawnSync(process.execPath, [...(withHook ? STRIPPED_MODULES_FLAGS : []), file], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  expect(out.stderr).not.toMatch(/Error/);
  return JSON.parse(out.stdout.trim().split('\n').pop()!);
}

describe('the stripped-modules hook', () => {
  it('answers a module from its entry and lets Node strip one without an entry', () => {
    const cached = path.join(dir, 'cached.ts');
    fs.writeFileSync(cached, "export const from: string = 'source';\n");
    // An entry that differs from what stripping would give proves the entry was used.
    const entry = path.join(STRIPPED_DIR, entryName(createHash('sha256').update(fs.readFileSync(cached)).digest('hex')));
    fs.mkdirSync(STRIPPED_DIR, { recursive: true });
    fs.writeFileSync(entry, "export const from = 'cache';\n");
    written.push(entry);
    const fresh = path.join(dir, 'fresh.ts');
    fs.writeFileSync(fresh, "export const from: string = 'stripped by node';\n");
    const script = (file: string) => `globalThis.value = (await import(${JSON.stringify(file)})).from;`;
    expect(run(script(cached), true)).toMatchObject({ value: 'cache', amaro: false, counts: { cached: 1, stripped: 0 } });
    expect(run(script(fresh), true)).toMatchObject({ value: 'stripped by node', amaro: true, counts: { cached: 0, stripped: 1 } });
    // An edited source has another digest: it never meets its old entry.
    fs.writeFileSync(cached, "export const from: string = 'edited';\n");
    expect(run(script(cached), true)).toMatchObject({ value: 'edited', counts: { cached: 0, stripped: 1 } });
  });

  it("loads the engine's whole module graph without Node's TypeScript stripper", () => {
    expect(buildStrippedModules().error).toBeUndefined();
    const script = `await import(${JSON.stringify(path.join(ROOT, 'proxy-engine/engine.ts'))}); await import(${JSON.stringify(path.join(ROOT, 'proxy-engine/workers/worker-pool.ts'))});`;
    const withHook = run(script, true);
    expect(withHook.amaro).toBe(false);
    expect(withHook.counts!.cached).toBeGreaterThan(200);
    expect(withHook.counts!.stripped).toBe(0);
    // The control: without the hook Node loads its stripper for the same graph.
    expect(run(script, false).amaro).toBe(true);
  }, 60_000);
});
