// The dependency rules of docs/architecture.md, checked on every import (type-only ones
// included): the dashboard (app/, components/) and the engine (proxy-engine/) meet only in
// core/, which imports neither; components/ never reach the dashboard's server modules;
// and there are no import circles anywhere in production code.
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph, sourceFiles, type ImportEdge } from '../../scripts/lib/import-graph.ts';
import { REPO_ROOT } from '../helpers/data-dir.ts';

const files = sourceFiles(REPO_ROOT, ['app', 'cli', 'components', 'controller', 'core', 'proxy-engine', 'scripts']);
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
  { desc: 'cli/ (the portico command) imports only core/', from: within('cli'), to: (f) => !within('core')(f) && !within('cli')(f) },
  { desc: 'app/, components/, proxy-engine/ never import controller/', from: (f) => within('app')(f) || within('components')(f) || within('proxy-engine')(f), to: within('controller') },
  // What a browser bundle may reach of app/: the route-level client islands only, never _lib (server code).
  { desc: 'components/ never imports server modules of app/', from: within('components'), to: within('app/_lib') },
];

// Inside the engine, floors from the bottom up (docs/architecture.md, "Inside the engine"):
// a file imports its own floor or lower ones, never a higher one. The vocabulary (the types
// every floor shares, the request hooks' shape) names types of the floors above it, by
// type-only imports: it runs no code of theirs.
const ENGINE_VOCABULARY = new Set(['runtime/types.ts', 'runtime/hooks.ts', 'runtime/generation.ts', 'runtime/compile-error.ts'].map((f) => `proxy-engine/${f}`));
const ENGINE_FLOORS: { name: string; folders: string[] }[] = [
  { name: 'vocabulary (runtime/types.ts, hooks.ts, generation.ts, compile-error.ts)', folders: [] },
  { name: 'http/ (message helpers)', folders: ['http'] },
  { name: 'features', folders: ['routing', 'balancer', 'upstream', 'health', 'cache', 'middlewares', 'tls', 'stats', 'logs', 'streams', 'shared', 'redis'] },
  { name: 'pipeline/', folders: ['pipeline'] },
  { name: 'runtime/ compile and provider/', folders: ['runtime', 'provider'] },
  { name: 'server/, admin/, workers/, engine.ts, main.ts', folders: ['server', 'admin', 'workers', ''] },
];
function engineFloor(file: string): number {
  if (ENGINE_VOCABULARY.has(file)) return 0;
  const rest = file.slice('proxy-engine/'.length);
  const top = rest.includes('/') ? rest.slice(0, rest.indexOf('/')) : '';
  const floor = ENGINE_FLOORS.findIndex((f) => f.folders.includes(top));
  if (floor < 0) throw new Error(`${file}: a folder of the engine that no floor names (add it to ENGINE_FLOORS and docs/architecture.md)`);
  return floor;
}
const engineEdges = edges.filter((e) => within('proxy-engine')(e.from) && within('proxy-engine')(e.to) && !isTest(e.from));

describe('dependency rules', () => {
  for (const rule of RULES) {
    it(rule.desc, () => {
      const broken = edges.filter((e) => rule.from(e.from) && rule.to(e.to)).map(describeEdge);
      expect(broken).toEqual([]);
    });
  }

  describe('inside the engine, no floor imports a higher one', () => {
    ENGINE_FLOORS.forEach((floor, index) => {
      it(`${floor.name} imports no higher floor`, () => {
        const broken = engineEdges
          .filter((e) => engineFloor(e.from) === index && engineFloor(e.to) > index)
          .filter((e) => !(index === 0 && e.typeOnly))
          .map((e) => `${describeEdge(e)} (floor ${engineFloor(e.to)})`);
        expect(broken).toEqual([]);
      });
    });

    // The lower floors that used to reach up (issue #16), named so a regression says where.
    const named = ['routing/rewrite.ts', 'tls/acme-challenges.ts', 'stats/request-observer.ts', 'cache/policy.ts', 'middlewares/cors/cors.ts'];
    it.each(named)('%s imports neither pipeline/ nor runtime/compile-location.ts', (file) => {
      const from = `proxy-engine/${file}`;
      expect(files).toContain(from);
      const broken = engineEdges.filter((e) => e.from === from && (within('proxy-engine/pipeline')(e.to) || e.to === 'proxy-engine/runtime/compile-location.ts')).map(describeEdge);
      expect(broken).toEqual([]);
    });

    it('middlewares never import the builder that orders them (pipeline/phases.ts)', () => {
      const broken = engineEdges.filter((e) => e.to === 'proxy-engine/pipeline/phases.ts' && !['proxy-engine/runtime/compile-location.ts'].includes(e.from)).map(describeEdge);
      expect(broken).toEqual([]);
    });

    it('places every engine file on a floor', () => {
      const engineFiles = files.filter(within('proxy-engine')).filter((f) => !isTest(f));
      expect(engineFiles.map((f) => [f, engineFloor(f)]).filter(([, floor]) => floor === -1)).toEqual([]);
      expect(engineEdges.length).toBeGreaterThan(300);
    });
  });

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
    const entries = files.filter((f) => /^scripts\/[^/]+\.ts$/.test(f) || f === 'proxy-engine/main.ts' || f === 'controller/main.ts' || f === 'cli/portico.ts' || /(^|\/)[^/]*worker[^/]*\.ts$/.test(f));
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
    expect(entries).toContain('cli/portico.ts');
    expect(aliased).toEqual([]);
  });

  it('sees the imports it checks (the graph is not empty)', () => {
    expect(files.length).toBeGreaterThan(300);
    expect(edges.some((e) => e.from.startsWith('app/') && e.to.startsWith('core/'))).toBe(true);
    expect(edges.some((e) => e.from.startsWith('proxy-engine/') && e.to.startsWith('core/'))).toBe(true);
  });
});
