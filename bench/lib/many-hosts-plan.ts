// The import plan of the site with N extra virtual hosts, built without importing N
// server blocks: the importer is quadratic in the number of server blocks today (10,000
// take ~70 s, see docs/benchmarks.md), so one extra host is imported and cloned under
// the other names. `cloneMatchesImport` proves the clone equals the importer's output.
import { importNginx, type ImportPlan } from '../../core/nginx/import-nginx.ts';
import { siteConfig, type SiteOptions } from './site.ts';

const hostName = (i: number) => `h${i}.bench.test`;

export function manyHostsPlan(site: SiteOptions, hosts: number): ImportPlan {
  const plan = importNginx(siteConfig({ ...site, extraHosts: 1 }));
  const template = plan.hosts.find((h) => h.serverNames[0] === hostName(0));
  if (!template) throw new Error('the imported plan has no h0.bench.test host');
  const others = plan.hosts.filter((h) => h !== template);
  const clones = Array.from({ length: hosts }, (_, i) => ({ ...structuredClone(template), serverNames: [hostName(i)] }));
  return { ...plan, hosts: [...others, ...clones] };
}

/** Whether the clone plan equals what the importer makes of the same text (checked on a small N). */
export function cloneMatchesImport(site: SiteOptions, hosts = 20): boolean {
  const imported = importNginx(siteConfig({ ...site, extraHosts: hosts }));
  const cloned = manyHostsPlan(site, hosts);
  return JSON.stringify(imported.hosts) === JSON.stringify(cloned.hosts) && JSON.stringify(imported.pools) === JSON.stringify(cloned.pools);
}

/** The importer's own time for `hosts` server blocks (reported, not used to build the plan). */
export function importMs(site: SiteOptions, hosts: number): number {
  const text = siteConfig({ ...site, extraHosts: hosts });
  const t0 = performance.now();
  importNginx(text);
  return performance.now() - t0;
}
