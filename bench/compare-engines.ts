// A/B of two engine versions on the benchmark's testbed: the working tree against another
// checkout (e.g. `git archive HEAD | tar -x -C /tmp/base`, node_modules linked), in
// rotating rounds on the proxy CPU, with requests per CPU-second beside req/s so a busy
// machine still gives a usable comparison.
// Usage: node bench/compare-engines.ts <base root> [--path /] [--rounds 5] [--seconds 5] [--connections 64]
//        [--base-flags "--max-semi-space-size=16"] [--flags "…"]   (V8 flags per side; the same root twice compares flags)
//        [--base-env PORTICO_STATS=off] [--env …]                  (engine environment per side)
import { spawnSync } from 'node:child_process';
import { abRounds } from './lib/measure.ts';
import { startPortico } from './lib/portico.ts';
import { LOAD_CPU, PROXY_CPU } from './lib/proc.ts';
import { siteConfig } from './lib/site.ts';
import { startTestbed } from './lib/testbed.ts';
import { wrk } from './lib/wrk.ts';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1]! : fallback;
};
const baseRoot = argv[0];
if (!baseRoot || baseRoot.startsWith('--')) throw new Error('usage: node bench/compare-engines.ts <base root> [--path /] [--rounds N] [--seconds S]');
spawnSync('taskset', ['-a', '-p', '-c', String(LOAD_CPU), String(process.pid)], { stdio: 'ignore' });

const v8Flags = (name: string) => arg(name, '').split(/\s+/).filter(Boolean);
const engineEnv = (name: string) => Object.fromEntries(argv.flatMap((a, i) => (argv[i - 1] === name ? [a.split('=') as [string, string]] : [])));
const tb = await startTestbed({ engineFlags: v8Flags('--flags'), engineEnv: engineEnv('--env') });
const base = await startPortico({ cpu: PROXY_CPU, root: baseRoot, nodeFlags: v8Flags('--base-flags'), env: engineEnv('--base-env') });
process.once('SIGTERM', () => void Promise.allSettled([base.stop(), tb.stop()]).finally(() => process.exit(143)));
try {
  await base.apply(siteConfig(tb.site));
  const seconds = Number(arg('--seconds', '5'));
  const load = (port: number, d: number) => wrk({ url: `http://127.0.0.1:${port}${arg('--path', '/')}`, connections: Number(arg('--connections', '64')), durationS: d, host: 'bench.test' });
  const side = (label: 'base' | 'working-tree', port: number, pid: number) => ({ label, pid, warmup: () => load(port, 2), load: () => load(port, seconds) });
  const r = await abRounds([side('base', base.ports.http, base.pid), side('working-tree', tb.portico.ports.http, tb.portico.pid)], Number(arg('--rounds', '5')), () => [...tb.pids(), base.pid], console.log);
  const pct = (a: number, b: number) => `${((a / b - 1) * 100).toFixed(1)} %`;
  console.log(`\nreq/s median: base ${r.base.rps.toFixed(0)}, working tree ${r['working-tree'].rps.toFixed(0)} (${pct(r['working-tree'].rps, r.base.rps)})`);
  console.log(`req per CPU-second median: base ${r.base.reqPerCpuS.toFixed(0)}, working tree ${r['working-tree'].reqPerCpuS.toFixed(0)} (${pct(r['working-tree'].reqPerCpuS, r.base.reqPerCpuS)})`);
  // On a busy machine the best round is the one least disturbed (the "minimum time" rule).
  const best = (side: 'base' | 'working-tree') => r[side].spread.rps.max;
  console.log(`req/s best round: base ${best('base').toFixed(0)}, working tree ${best('working-tree').toFixed(0)} (${pct(best('working-tree'), best('base'))})`);
} finally {
  await base.stop();
  await tb.stop();
}
