// Where Portico's time goes under one load: the engine runs with `node --cpu-prof`
// (pinned to the proxy CPU as in the benchmark), takes wrk's load for a while, exits,
// and the profile is summarised (self and inclusive time, % of busy time).
// Usage: node bench/profile.ts [--path /] [--https | --h2] [--connections 64] [--seconds 10] [--top 40] [--env K=V]
// The .cpuprofile stays in bench/results/profiles/ (open it in Chrome DevTools or speedscope).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { LOAD_CPU } from './lib/proc.ts';
import { summariseProfile } from './lib/profile-summary.ts';
import { startTestbed } from './lib/testbed.ts';
import { h2load } from './lib/h2load.ts';
import { wrk } from './lib/wrk.ts';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1]! : fallback;
};
const env = Object.fromEntries(argv.flatMap((a, i) => (argv[i - 1] === '--env' ? [a.split('=') as [string, string]] : [])));
const ROOT = path.resolve(import.meta.dirname, '..');
spawnSync('taskset', ['-a', '-p', '-c', String(LOAD_CPU), String(process.pid)], { stdio: 'ignore' });

const dir = path.join(ROOT, 'bench/results/profiles', new Date().toISOString().replace(/[:.]/g, '-'));
fs.mkdirSync(dir, { recursive: true });
const tb = await startTestbed({ cpuProfDir: dir, engineEnv: env });
process.once('SIGTERM', () => void tb.stop().finally(() => process.exit(143)));
const scheme = argv.includes('--https') || argv.includes('--h2') ? 'https' : 'http';
const port = scheme === 'https' ? tb.portico.ports.https : tb.portico.ports.http;
const url = `${scheme}://127.0.0.1:${port}${arg('--path', '/')}`;
const seconds = Number(arg('--seconds', '10'));
const r = argv.includes('--h2')
  ? await h2load({ url, connections: Number(arg('--connections', '16')), streams: 16, durationS: seconds, warmupS: 0 })
  : await wrk({ url, connections: Number(arg('--connections', '64')), durationS: seconds, host: 'bench.test' });
console.log(`${url}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, errors ${r.errors}`);
await tb.stop();
const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error(`no profile written in ${dir}`);
const s = summariseProfile(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
const top = Number(arg('--top', '40'));
console.log(`${path.relative(ROOT, path.join(dir, file))}: ${s.totalMs.toFixed(0)} ms busy; GC ${s.gcPct.toFixed(1)} % of busy time\n\nself time by component (% of busy)`);
for (const row of s.components) console.log(`${row.selfPct.toFixed(1).padStart(6)} %  ${row.name}`);
console.log('\nself time (% of busy)');
for (const row of s.self.slice(0, top)) console.log(`${row.selfPct.toFixed(1).padStart(6)} %  ${row.name}`);
console.log('\ninclusive time (% of busy)');
for (const row of s.inclusive.slice(0, top)) console.log(`${row.totalPct.toFixed(1).padStart(6)} %  ${row.name}`);
