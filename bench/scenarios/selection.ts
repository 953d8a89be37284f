// Balancer selection cost per pool size: bench/micro/balancer-selection.ts (ns per
// pick + release, per policy, 3 / 100 / 1,000 servers), run pinned to the proxy CPU.
// "Flat" is read as: 1,000 servers cost at most twice what 3 servers cost.
import path from 'node:path';
import { PROXY_CPU, runPinned } from '../lib/proc.ts';
import type { Scenario } from './types.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FLAT_FACTOR = 2;

export const selection: Scenario = {
  name: 'balancer-selection',
  title: 'Balancer selection, ns per pick + release (3 → 1,000 servers)',
  async run(ctx) {
    if (ctx.options.quick) return { portico: null, nginx: null, ratio: null, status: 'skipped', reason: 'not run in quick mode (a fixed 6–12 s micro benchmark)' };
    const out = await runPinned(PROXY_CPU, process.execPath, [path.join(ROOT, 'bench/micro/balancer-selection.ts')]);
    const lines = out.trim().split('\n');
    const sizes = [...(lines[1] ?? '').matchAll(/(\d+) servers/g)].map((m) => Number(m[1]));
    const policies: Record<string, Record<string, number>> = {};
    for (const line of lines.slice(2)) {
      const m = /^(.*?)\s+([\d\s]+)$/.exec(line);
      if (!m) continue;
      const values = m[2]!.trim().split(/\s+/).map(Number);
      policies[m[1]!.trim()] = Object.fromEntries(sizes.map((s, i) => [String(s), values[i]!]));
    }
    const growth = Object.fromEntries(Object.entries(policies).map(([p, v]) => [p, v['1000']! / v['3']!]));
    const notFlat = Object.entries(growth).filter(([, g]) => g > FLAT_FACTOR).map(([p]) => p);
    for (const [p, v] of Object.entries(policies)) ctx.log(`    ${p.padEnd(20)} ${sizes.map((s) => `${v[String(s)]} ns`.padStart(10)).join('')}   ×${growth[p]!.toFixed(1)}`);
    return {
      portico: null,
      nginx: null,
      ratio: null,
      status: 'measured',
      target: { text: `flat from 3 to 1,000 servers (≤ ${FLAT_FACTOR}× the 3-server cost)`, met: notFlat.length === 0 },
      detail: { nsPerPick: policies, growth1000vs3: growth, notFlat, header: lines[0] },
    };
  },
};
