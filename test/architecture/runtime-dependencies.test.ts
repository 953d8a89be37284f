// Runtime dependencies are what production code loads: a package only benchmarks and tests
// import (a proxy library to compare against, a WebSocket client) belongs in
// devDependencies, so a production install (`npm ci --omit=dev`) neither ships nor
// audits it.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from '../../scripts/lib/import-graph.ts';
import { REPO_ROOT } from '../helpers/data-dir.ts';

/** Loaded by production without an import in our sources, and why. */
const INDIRECT: Record<string, string> = {
  '@prisma/client': 'the generated client in core/db/generated loads its runtime',
  'react-dom': 'Next.js renders the pages with it',
};

const ROOT_FILES = ['instrumentation.ts', 'proxy.ts', 'next.config.ts'];

function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('@/') || specifier.startsWith('node:')) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function productionImports(): Map<string, string[]> {
  const files = [...sourceFiles(REPO_ROOT, ['app', 'components', 'core', 'proxy-engine', 'scripts']).filter((f) => !/\.test\.tsx?$/.test(f)), ...ROOT_FILES];
  const users = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      const name = packageOf(fileName);
      if (name) users.set(name, [...(users.get(name) ?? []), file]);
    }
  }
  return users;
}

describe('runtime dependencies', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const used = productionImports();

  it('are each loaded by production code (else they are devDependencies)', () => {
    const unused = Object.keys(manifest.dependencies).filter((name) => !used.has(name) && !(name in INDIRECT));
    expect(unused).toEqual([]);
  });

  it('sees the imports it checks', () => {
    expect(used.get('next')?.length).toBeGreaterThan(10);
    expect(used.has('zod')).toBe(true);
  });
});
