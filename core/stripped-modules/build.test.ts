import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stripTypeScriptTypes } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { buildStrippedModules } from './build.ts';

const temps: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-strip-'));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tree(): { root: string; cacheDir: string } {
  const root = tempDir();
  fs.mkdirSync(path.join(root, 'src/inner'), { recursive: true });
  fs.writeFileSync(path.join(root, 'src/a.ts'), "import type { B } from './inner/b.ts';\nexport const a: number = 1;\nexport function f(x: B): string {\n  return x.name;\n}\n");
  fs.writeFileSync(path.join(root, 'src/inner/b.ts'), 'export interface B { name: string }\nexport const b = 2 as const;\n');
  fs.writeFileSync(path.join(root, 'src/a.test.ts'), 'export const t: number = 3;\n');
  return { root, cacheDir: path.join(tempDir(), 'cache') };
}

const entries = (dir: string) => fs.readdirSync(dir).sort();

describe('buildStrippedModules', () => {
  it('writes one content-addressed entry per source, stripped as Node strips, lines and columns kept', () => {
    const { root, cacheDir } = tree();
    const result = buildStrippedModules({ root, dirs: ['src'], cacheDir });
    expect(result).toMatchObject({ modules: 2, written: 2, removed: 0 });
    expect(result.error).toBeUndefined();
    expect(entries(cacheDir)).toHaveLength(2);
    const source = fs.readFileSync(path.join(root, 'src/a.ts'), 'utf8');
    const stripped = entries(cacheDir).map((name) => fs.readFileSync(path.join(cacheDir, name), 'utf8'));
    const js = stripped.find((text) => text.includes('export const a'))!;
    expect(js).toBe(stripTypeScriptTypes(source, { mode: 'strip' }));
    expect(js).not.toContain(': number');
    // Types become spaces: every line keeps its length and place.
    expect(js.split('\n').map((l) => l.length)).toEqual(source.split('\n').map((l) => l.length));
  });

  it('writes nothing for unchanged sources; an edited source gets a new entry and the old one goes once a day old', () => {
    const { root, cacheDir } = tree();
    buildStrippedModules({ root, dirs: ['src'], cacheDir });
    const before = entries(cacheDir);
    expect(buildStrippedModules({ root, dirs: ['src'], cacheDir })).toMatchObject({ modules: 2, written: 0, removed: 0 });
    fs.writeFileSync(path.join(root, 'src/inner/b.ts'), 'export const b: number = 3;\n');
    expect(buildStrippedModules({ root, dirs: ['src'], cacheDir })).toMatchObject({ modules: 2, written: 1, removed: 0 });
    expect(entries(cacheDir)).toHaveLength(3);
    const dayAgo = new Date(Date.now() - 25 * 3600_000);
    for (const name of before) fs.utimesSync(path.join(cacheDir, name), dayAgo, dayAgo);
    expect(buildStrippedModules({ root, dirs: ['src'], cacheDir })).toMatchObject({ modules: 2, written: 0, removed: 1 });
    const after = entries(cacheDir);
    expect(after).toHaveLength(2);
    expect(after.filter((name) => before.includes(name))).toHaveLength(1);
  });

  it('reports a cache it cannot write instead of throwing', () => {
    const { root } = tree();
    const blocker = path.join(tempDir(), 'file');
    fs.writeFileSync(blocker, 'not a directory');
    const result = buildStrippedModules({ root, dirs: ['src'], cacheDir: path.join(blocker, 'cache') });
    expect(result.error).toMatch(/EEXIST|ENOTDIR/);
    expect(result.written).toBe(0);
  });
});
