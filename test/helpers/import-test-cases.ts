// Test support for the importer's table-driven tests: small builders and a runner that
// checks the selected part of the plan, the exact warnings and the schemas.
import { expect, it } from 'vitest';
import { HostInput } from '../../core/config/host.ts';
import { PoolInput } from '../../core/config/pool.ts';
import { importNginx, type ImportPlan } from '../../core/nginx/import-nginx.ts';

export type Host = ImportPlan['hosts'][number];

/** A server block with a name (so it is a normal host). */
export const server = (body: string, head = 'listen 80; server_name a.example.com;') => `server { ${head} ${body} }`;
/** A location, so that a server does not fall back to nginx's default root (which is noted). */
export const OK = 'location / { return 200; }';
export const host = (plan: ImportPlan, i = 0): Host => plan.hosts[i]!;
export const location = (plan: ImportPlan, path: string) => host(plan).locations.find((l) => l.path === path)!;
export const warningsOf = (plan: ImportPlan) => plan.warnings.map((w) => `${w.kind} ${w.directive}`);

export interface Case {
  desc: string;
  input: string;
  files?: Record<string, string>;
  select: (plan: ImportPlan) => unknown;
  expected: unknown;
  /** Exact "kind directive" list of the warnings; default: none. */
  warnings?: string[];
}

export function run(cases: Case[]): void {
  it.each(cases)('$desc', ({ input, files, select, expected, warnings = [] }) => {
    const plan = importNginx(input, files);
    expect(select(plan)).toMatchObject(expected as object);
    expect(warningsOf(plan)).toEqual(warnings);
    for (const h of plan.hosts) expect(() => HostInput.parse(h)).not.toThrow();
    for (const p of plan.pools) expect(() => PoolInput.parse(p)).not.toThrow();
  });
}
