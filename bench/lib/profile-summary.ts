// Summarises a V8 .cpuprofile (node --cpu-prof): self time per function and inclusive
// time per function, so the report can say where the time goes without a flame-graph
// viewer. Usage: node bench/lib/profile-summary.ts <file.cpuprofile> [top]
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileRow {
  name: string;
  selfPct: number;
  totalPct: number;
}

function label(node: ProfileNode): string {
  const f = node.callFrame;
  const file = f.url.replace(/^file:\/\//, '').replace(/^.*\/(proxy-engine|node_modules)\//, '$1/').replace(/^node:/, 'node:');
  return `${f.functionName || '(anonymous)'} ${file ? `${file}:${f.lineNumber + 1}` : ''}`.trim();
}

/** Which part of the stack a function belongs to, by its source. */
function component(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (url.includes('/proxy-engine/')) return `portico ${url.replace(/^.*\/proxy-engine\/([^/]+)\/.*$/, '$1/')}`;
  if (url.includes('/node_modules/undici/')) return 'undici';
  if (url.includes('/node_modules/')) return 'other packages';
  if (url.startsWith('node:')) return url.includes('http') || url.includes('_http') ? 'node:http' : 'node core (streams, net, events, timers)';
  if (url.startsWith('wasm://')) return 'undici llhttp (wasm)';
  if (functionName === '(garbage collector)') return 'V8 garbage collector';
  if (functionName === '(program)') return 'V8 (program: compiler, runtime)';
  return 'native (syscalls: writev, reads; string encoding)';
}

/** `totalMs` is busy time; `idlePct` is idle as a share of everything sampled; rows are % of busy time. */
export function summariseProfile(profile: CpuProfile): { totalMs: number; idlePct: number; gcPct: number; self: ProfileRow[]; inclusive: ProfileRow[]; components: ProfileRow[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfTime = new Map<number, number>();
  profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  // Percentages are of the busy time: an engine waiting for the load is idle, not slow.
  let idle = 0;
  for (const [id, t] of selfTime) if (byId.get(id)!.callFrame.functionName === '(idle)') idle += t;
  const all = [...selfTime.values()].reduce((a, b) => a + b, 0);
  const total = all - idle;
  const selfByName = new Map<string, number>();
  const byComponent = new Map<string, number>();
  const inclusiveByName = new Map<string, number>();
  for (const [id, t] of selfTime) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') continue;
    byComponent.set(component(node), (byComponent.get(component(node)) ?? 0) + t);
    selfByName.set(label(node), (selfByName.get(label(node)) ?? 0) + t);
    // Inclusive: every distinct function on the stack gets the sample once.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const name = label(byId.get(cur)!);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusiveByName.set(name, (inclusiveByName.get(name) ?? 0) + t);
    }
  }
  const rows = (m: Map<string, number>) =>
    [...m]
      .map(([name, t]) => ({ name, selfPct: ((selfByName.get(name) ?? 0) / total) * 100, totalPct: ((inclusiveByName.get(name) ?? 0) / total) * 100 }))
      .filter((r) => !r.name.startsWith('(root)'));
  const pick = (prefix: string) => [...selfByName].filter(([n]) => n.startsWith(prefix)).reduce((a, [, t]) => a + t, 0);
  return {
    totalMs: total / 1000,
    idlePct: (idle / all) * 100,
    gcPct: (pick('(garbage collector)') / total) * 100,
    self: rows(selfByName).sort((a, b) => b.selfPct - a.selfPct),
    inclusive: rows(inclusiveByName).sort((a, b) => b.totalPct - a.totalPct),
    components: [...byComponent].map(([name, t]) => ({ name, selfPct: (t / total) * 100, totalPct: (t / total) * 100 })).sort((a, b) => b.selfPct - a.selfPct),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2]!;
  const top = Number(process.argv[3] ?? 30);
  const s = summariseProfile(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile);
  console.log(`${file}: ${s.totalMs.toFixed(0)} ms busy (idle ${s.idlePct.toFixed(1)} % of the samples); rows are % of busy time; GC ${s.gcPct.toFixed(1)} %`);
  console.log('\nself time by component');
  for (const r of s.components) console.log(`${r.selfPct.toFixed(1).padStart(6)} %  ${r.name}`);
  console.log('\nself time');
  for (const r of s.self.slice(0, top)) console.log(`${r.selfPct.toFixed(1).padStart(6)} %  ${r.name}`);
  console.log('\ninclusive time');
  for (const r of s.inclusive.slice(0, top)) console.log(`${r.totalPct.toFixed(1).padStart(6)} %  ${r.name}`);
}
