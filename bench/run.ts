// npm run bench [-- --quick] [--only a,b [--merge]] [--rounds N] [--duration S] [--applies N] [--profile]
// Portico against nginx on this machine, per core: the proxy under test on CPU 0, the
// load generator and the backend on CPU 1. A full run writes bench/results/latest.json
// and the results section of docs/benchmarks.md; --quick (under two minutes) and --only
// runs write bench/results/quick.json or partial.json instead (not committed).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeMachine } from './lib/machine.ts';
import { NGINX_BINARY } from './lib/nginx.ts';
import { parseOptions } from './lib/options.ts';
import { LOAD_CPU } from './lib/proc.ts';
import { detailsMarkdown } from './lib/report-details.ts';
import { markdownTable, resultsJson, writeDocs, type RunReport } from './lib/report.ts';
import { startTestbed } from './lib/testbed.ts';
import { cacheHit, http2, plain256, plain64, rateLimit, tls, websocket } from './scenarios/http-load.ts';
import { floor } from './scenarios/floor.ts';
import { hotApply } from './scenarios/hot-apply.ts';
import { latency } from './scenarios/latency.ts';
import { manyHosts } from './scenarios/many-hosts.ts';
import { multiCore } from './scenarios/multi-core.ts';
import { selection } from './scenarios/selection.ts';
import { statsCost } from './scenarios/stats-cost.ts';
import { aging } from './scenarios/aging.ts';
import { tcpStream } from './scenarios/tcp-stream.ts';
import type { Scenario } from './scenarios/types.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SCENARIOS: Scenario[] = [plain64, plain256, floor, rateLimit, cacheHit, tls, http2, websocket, latency, statsCost, aging, hotApply, manyHosts, selection, tcpStream, multiCore];

const options = parseOptions(process.argv.slice(2));
const unknown = options.only.filter((n) => !SCENARIOS.some((s) => s.name === n));
if (unknown.length > 0) {
  console.error(`unknown scenario(s): ${unknown.join(', ')}\navailable: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
if (os.cpus().length < 2) {
  console.error('the benchmark needs 2 CPUs: one for the proxy, one for the load generator and backend');
  process.exit(2);
}
for (const tool of ['wrk', 'h2load', 'taskset', NGINX_BINARY]) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0) {
    console.error(`missing ${tool}: apt-get install nginx wrk nghttp2-client util-linux`);
    process.exit(2);
  }
}
// The harness itself stays off the proxy's CPU.
spawnSync('taskset', ['-a', '-p', '-c', String(LOAD_CPU), String(process.pid)], { stdio: 'ignore' });

const machine = describeMachine(ROOT);
const t0 = performance.now();
const log = (line: string) => console.log(line);
const profileDir = options.profile ? path.join(ROOT, 'bench/results/profiles', new Date().toISOString().replace(/[:.]/g, '-')) : undefined;
if (profileDir) fs.mkdirSync(profileDir, { recursive: true });

log(`portico bench: ${options.quick ? 'quick' : 'full'} run, ${options.rounds} rounds × ${options.durationS} s per proxy; load average ${machine.loadAverageAtStart.toFixed(2)}`);
const tb = await startTestbed({ cpuProfDir: profileDir });
log(`  testbed up in ${((performance.now() - t0) / 1000).toFixed(1)} s (TLS: ${tb.tls.available ? 'available' : tb.tls.reason})`);

const report: RunReport = { machine, options, durationS: 0, scenarios: {} };
let interrupted = false;
process.once('SIGINT', () => {
  interrupted = true;
  log('interrupted: finishing the current scenario, then stopping');
});
// Killed (e.g. by a timeout): stop the proxies and the backend rather than orphan them.
process.once('SIGTERM', () => {
  log('terminated: stopping the testbed');
  void tb.stop().finally(() => process.exit(143));
});
try {
  for (const scenario of SCENARIOS) {
    if (options.only.length > 0 && !options.only.includes(scenario.name)) continue;
    if (interrupted) break;
    log(`\n${scenario.title} [${scenario.name}]`);
    const started = performance.now();
    try {
      const result = await scenario.run({ tb, options, log });
      report.scenarios[scenario.name] = { title: scenario.title, ...result, measuredAt: new Date(Date.now() - (performance.now() - started)).toISOString() };
      const ratio = result.ratio === null ? '' : ` ratio ${result.ratio.toFixed(2)}`;
      log(`  → ${result.status}${ratio}${result.reason ? `: ${result.reason}` : ''}${result.target ? ` | target ${result.target.text}: ${result.target.met === null ? 'n/a' : result.target.met ? 'met' : 'NOT met'}` : ''} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    } catch (error) {
      report.scenarios[scenario.name] = { title: scenario.title, portico: null, nginx: null, ratio: null, status: 'failed', reason: (error as Error).message.slice(0, 2000) };
      log(`  → failed: ${(error as Error).stack}`);
    }
  }
} finally {
  await tb.stop();
}
report.durationS = (performance.now() - t0) / 1000;

const latest = path.join(ROOT, 'bench/results/latest.json');
const merging = options.merge && !options.quick && options.only.length > 0 && !interrupted && fs.existsSync(latest);
if (merging) {
  // Re-measured scenarios replace their earlier results; the others keep theirs (each
  // scenario carries its own measuredAt and its rounds' noise figures).
  const previous = JSON.parse(fs.readFileSync(latest, 'utf8')) as Record<string, unknown>;
  const kept = Object.fromEntries(Object.entries(previous).filter(([k]) => k !== '_run' && !(k in report.scenarios))) as RunReport['scenarios'];
  const order = SCENARIOS.map((s) => s.name);
  report.scenarios = Object.fromEntries(Object.entries({ ...kept, ...report.scenarios }).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)));
}
const complete = merging || (!options.quick && options.only.length === 0 && !interrupted);
const file = complete ? latest : path.join(ROOT, 'bench/results', options.quick ? 'quick.json' : 'partial.json');
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, resultsJson(report));
if (complete) writeDocs(path.join(ROOT, 'docs/benchmarks.md'), report, detailsMarkdown(report));
log(`\n${markdownTable(report)}\n\n${detailsMarkdown(report)}\n\nwrote ${path.relative(ROOT, file)}${complete ? ' and docs/benchmarks.md' : ''} in ${report.durationS.toFixed(0)} s${profileDir ? `; engine CPU profile in ${path.relative(ROOT, profileDir)}` : ''}`);
process.exit(Object.values(report.scenarios).some((r) => r.status === 'failed') ? 1 : 0);
