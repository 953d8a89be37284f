// Portico's memory and aging under load, for one engine configuration (V8 flags,
// environment): what #19 measures and what a young-generation size is chosen by.
//
//   node bench/memory-probe.ts [--flags "--max-semi-space-size=8"] [--env PORTICO_STATS=off]
//        [--hosts 10000] [--seconds 5] [--aging]
//
// Plain: 64 connections on a fresh engine (req/s, req per CPU-second, peak PSS, V8's
// young and old generation from /metrics). --aging: then 10 s at 256 connections and the
// same 64-connection load again; prints the ratio aged / fresh. --hosts N: applies N
// hosts first and loads them with a random Host per request.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { insertPlan } from './lib/insert-plan.ts';
import { manyHostsPlan } from './lib/many-hosts-plan.ts';
import { measure, fmt, type Sample } from './lib/measure.ts';
import { LOAD_CPU, treeMemoryMb } from './lib/proc.ts';
import { startTestbed } from './lib/testbed.ts';
import { wrk } from './lib/wrk.ts';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1]! : fallback;
};
const flags = arg('--flags', '').split(/\s+/).filter(Boolean);
const env = Object.fromEntries(argv.flatMap((a, i) => (argv[i - 1] === '--env' ? [a.split('=') as [string, string]] : [])));
const hosts = Number(arg('--hosts', '0'));
const seconds = Number(arg('--seconds', '5'));
spawnSync('taskset', ['-a', '-p', '-c', String(LOAD_CPU), String(process.pid)], { stdio: 'ignore' });

const tb = await startTestbed({ engineEnv: env, engineFlags: flags });
process.once('SIGTERM', () => void tb.stop().finally(() => process.exit(143)));

/** V8's heap spaces as the engine's /metrics reports them, in MB. */
async function heapMb(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  // With many hosts /metrics is tens of MB of text: rendering it would be what is measured.
  const text = hosts > 0 ? '' : await tb.portico.metrics();
  for (const m of text.matchAll(/^nodejs_heap_space_size_total_bytes\{space="(new|old|large_object)"\} (\d+)/gm)) out[m[1]!] = Math.round(Number(m[2]) / 1048576);
  for (const m of text.matchAll(/^(nodejs_external_memory_bytes|process_resident_memory_bytes) (\d+)/gm)) out[m[1]!.replace(/^(nodejs|process)_|_bytes$/g, '')] = Math.round(Number(m[2]) / 1048576);
  // Outside V8: malloc's heap (the [heap] mapping and anonymous mappings V8 does not own).
  const smaps = fs.readFileSync(`/proc/${tb.portico.pid}/smaps`, 'utf8');
  let mapping = '';
  const kb: Record<string, number> = {};
  for (const line of smaps.split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) mapping = head[1] || 'anon';
    else if (line.startsWith('Rss:') && (mapping === 'anon' || mapping === '[heap]')) kb[mapping] = (kb[mapping] ?? 0) + Number(line.split(/\s+/)[1]);
  }
  for (const [name, value] of Object.entries(kb)) out[`rss ${name}`] = Math.round(value / 1024);
  return out;
}

try {
  if (hosts > 0) {
    const { revision } = await insertPlan(tb.portico.db, manyHostsPlan(tb.site, hosts));
    const status = await tb.portico.reload();
    if (status.appliedRevision < revision) throw new Error(`${hosts} hosts not applied: ${JSON.stringify(status)}`);
    console.log(`${hosts} hosts applied; engine ${treeMemoryMb(tb.portico.pid).toFixed(0)} MB`);
  }
  const load = (connections: number, d: number) =>
    wrk({ url: `http://127.0.0.1:${tb.portico.ports.http}/`, connections, durationS: d, ...(hosts > 0 ? { randomHosts: hosts } : { host: 'bench.test' }) });
  const run = async (label: string, connections: number, d: number): Promise<Sample> => {
    const s = await measure(tb.portico.pid, tb.pids, () => load(connections, d));
    const heap = await heapMb();
    console.log(`${label.padEnd(10)} c${connections}: ${fmt(s.rps, 0)} req/s, ${fmt(s.reqPerCpuS, 0)} req/CPU-s, peak ${fmt(s.rssMb, 0)} MB, errors ${s.errors}, other CPU ${s.otherCpuPct}%, heap MB ${JSON.stringify(heap)}`);
    return s;
  };
  await load(64, 2);
  const fresh = await run('fresh', 64, seconds);
  if (argv.includes('--aging')) {
    await run('busy', 256, 10);
    const aged = await run('aged', 64, seconds);
    console.log(`aged / fresh: req/s ${(aged.rps / fresh.rps).toFixed(3)}, req/CPU-s ${(aged.reqPerCpuS / fresh.reqPerCpuS).toFixed(3)}`);
  }
  console.log(`PROBE_JSON ${JSON.stringify({ flags, env, hosts, fresh })}`);
} finally {
  await tb.stop();
}
