// The dependency rules of docs/architecture.md, checked on every import (type-only ones
// included): the dashboard (app/, components/) and the engine (proxy-engine/) meet only in
// core/, which imports neither; components/ never reach the dashboard's server modules;
// and there are no import circles anywhere in production code.
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph, sourceFiles, type ImportEdge } from '../../scripts/lib/import-graph.ts';
import { REPO_ROOT } from '../helpers/data-dir.ts';

const files = sourceFiles(REPO_ROOT, ['app', 'components', 'controller', 'core', 'proxy-engine', 'scripts']);
const edges = importGraph(REPO_ROOT, files);
const isTest = (file: string) => /\.test\.tsx?$/.test(file);
const within = (dir: string) => (file: string) => file.startsWith(`${dir}/`);
const describeEdge = (e: ImportEdge) => `${e.from} → ${e.to}${e.typeOnly ? ' (type)' : ''}`;

/** [who, may not import] */
const RULES: { desc: string; from: (f: string) => boolean; to: (f: string) => boolean }[] = [
  { desc: 'app/ never imports proxy-engine/', from: within('app'), to: within('proxy-engine') },
  { desc: 'components/ never imports proxy-engine/', from: within('components'), to: within('proxy-engine') },
  { desc: 'proxy-engine/ never imports app/ or components/', from: within('proxy-engine'), to: (f) => within('app')(f) || within('components')(f) },
  { desc: 'core/ imports neither half', from: within('core'), to: (f) => within('app')(f) || within('components')(f) || within('proxy-engine')(f) || within('controller')(f) },
  { desc: 'controller/ imports only core/ (never app/, components/, proxy-engine/)', from: within('controller'), to: (f) => !within('core')(f) && !within('controller')(f) },
  { desc: 'app/, components/, proxy-engine/ never import controller/', from: (f) => within('app')(f) || within('components')(f) || within('proxy-engine')(f), to: within('controller') },
  // What a browser bundle may reach of app/: the route-level client islands only, never _lib (server code).
  { desc: 'components/ never imports server modules of app/', from: within('components'), to: within('app/_lib') },
];

describe('dependency rules', () => {
  for (const rule of RULES) {
    it(rule.desc, () => {
      const broken = edges.filter((e) => rule.from(e.from) && rule.to(e.to)).map(describeEdge);
      expect(broken).toEqual([]);
    });
  }

  it('has no import circles in production code, type-only imports included', () => {
    const production = edges.filter((e) => !isTest(e.from) && !isTest(e.to));
    expect(importCycles(production).map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  // The supervisor, the engine and the incident server run under plain Node, which knows
  // no '@/' alias (only Next.js and vitest do): whatever they load imports by relative path.
  it('modules plain Node runs never import through the @/ alias', () => {
    const valueEdges = edges.filter((e) => !e.typeOnly && !isTest(e.from));
    const next = new Map<string, ImportEdge[]>();
    for (const e of valueEdges) next.set(e.from, [...(next.get(e.from) ?? []), e]);
    const entries = files.filter((f) => /^scripts\/[^/]+\.ts$/.test(f) || f === 'proxy-engine/main.ts' || f === 'controller/main.ts' || /(^|\/)[^/]*worker[^/]*\.ts$/.test(f));
    const seen = new Set<string>(entries);
    const queue = [...entries];
    const aliased: string[] = [];
    while (queue.length > 0) {
      for (const e of next.get(queue.pop()!) ?? []) {
        if (e.specifier.startsWith('@/')) aliased.push(describeEdge(e));
        if (!seen.has(e.to)) {
          seen.add(e.to);
          queue.push(e.to);
        }
      }
    }
    expect(entries).toContain('scripts/database-incident-server.ts');
    expect(entries).toContain('controller/main.ts');
    expect(aliased).toEqual([]);
  });

  it('sees the imports it checks (the graph is not empty)', () => {
    expect(files.length).toBeGreaterThan(300);
    expect(edges.some((e) => e.from.startsWith('app/') && e.to.startsWith('core/'))).toBe(true);
    expect(edges.some((e) => e.from.startsWith('proxy-engine/') && e.to.startsWith('core/'))).toBe(true);
  });
});
