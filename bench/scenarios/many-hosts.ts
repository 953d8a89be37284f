// 10,000 virtual hosts. The micro benchmark (bench/micro/many-hosts.ts, pinned to the
// proxy CPU) times validation, compilation and the route match per request. The
// end-to-end part (full runs) gives both proxies 10,000 server blocks, measures
// Portico's apply (database read + validate + compile + swap) and nginx's `nginx -t`,
// the proxies' memory, and throughput with a random Host on every request.
import path from 'node:path';
import { httpGet } from '../lib/http-get.ts';
import { insertPlan } from '../lib/insert-plan.ts';
import { manyHostsPlan } from '../lib/many-hosts-plan.ts';
import { abRounds } from '../lib/measure.ts';
import { nginxCheckMs } from '../lib/nginx.ts';
import { PROXY_CPU, runPinned, treeMemoryMb, waitUntil } from '../lib/proc.ts';
import { siteConfig } from '../lib/site.ts';
import type { Target } from '../lib/testbed.ts';
import { wrk } from '../lib/wrk.ts';
import type { Scenario, ScenarioContext, ScenarioResult } from './types.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const HOSTS = 10_000;

interface Micro {
  hosts: number;
  importerMs?: Record<string, number>;
  validateMs: number;
  compileMs: number;
  compileCpuMs: number;
  runtimeHeapMb: number;
  runtimeArrayBuffersMb: number;
  routeMatch: { meanNs: number; p50Ns: number; p99Ns: number; p999Ns: number; timerOverheadP50Ns: number };
}

async function micro(quick: boolean): Promise<Micro> {
  const out = await runPinned(PROXY_CPU, process.execPath, ['--expose-gc', path.join(ROOT, 'bench/micro/many-hosts.ts'), String(HOSTS), ...(quick ? ['--no-importer'] : [])]);
  const line = out.split('\n').find((l) => l.startsWith('BENCH_JSON '));
  if (!line) throw new Error(`the micro benchmark printed no result:\n${out}`);
  return JSON.parse(line.slice(11)) as Micro;
}

/** The largest host count the engine loaded when 10,000 could not be (see the scenario's reason). */
const FALLBACK_HOSTS = 900;

async function applyHosts(ctx: ScenarioContext, hosts: number) {
  const { tb } = ctx;
  const t0 = performance.now();
  const { revision } = await insertPlan(tb.portico.db, manyHostsPlan(tb.site, hosts));
  const insertMs = performance.now() - t0;
  const status = await tb.portico.reload();
  return { insertMs, status, applied: status.appliedRevision >= revision };
}

async function endToEnd(ctx: ScenarioContext, wanted: number) {
  const { tb, options } = ctx;
  const rssBefore = treeMemoryMb(tb.portico.pid);
  let hosts = wanted;
  let attempt = await applyHosts(ctx, hosts);
  let loadError: string | null = null;
  if (!attempt.applied) {
    // The engine keeps serving its previous revision; say why, and measure the largest
    // configuration it does load so the throughput and memory columns still mean something.
    loadError = attempt.status.databaseError ?? attempt.status.compileError ?? 'not applied';
    ctx.log(`    Portico could not apply ${wanted} hosts: ${loadError}; measuring ${FALLBACK_HOSTS} hosts instead`);
    hosts = FALLBACK_HOSTS;
    attempt = await applyHosts(ctx, hosts);
    if (!attempt.applied) throw new Error(`Portico could not apply ${hosts} hosts either: ${JSON.stringify(attempt.status)}`);
  }
  const engineStatus = (await tb.portico.control('GET', '/status')) as { hostCount?: number; errors: unknown[] };
  const rssIdle = treeMemoryMb(tb.portico.pid);

  const text = siteConfig({ ...tb.site, extraHosts: hosts });
  const nginxCheck = await nginxCheckMs(text);
  tb.nginx.reload(text);
  const last = `h${hosts - 1}.bench.test`;
  await waitUntil('nginx to serve the last host', async () => (await httpGet(tb.nginx.target.httpPort, '/', last).catch(() => ({ status: 0 }))).status === 200, 60_000);

  const load = (target: Target, d: number) => wrk({ url: `http://127.0.0.1:${target.httpPort}/`, connections: 64, durationS: d, randomHosts: hosts });
  const side = (target: Target) => ({ label: target.name, pid: target.pid, warmup: () => load(target, options.warmupS), load: () => load(target, options.durationS) });
  const r = await abRounds([side(tb.nginx.target), side(tb.portico.target)], options.rounds, tb.pids, ctx.log);
  if (r.portico.errors === 0 && r.portico.rps === 0) ctx.log(`    Portico answered nothing; engine output:\n${tb.portico.output().slice(-3000)}`);
  // Back to the base site for the scenarios that follow.
  await tb.configure({ extraHosts: 0 });
  return {
    sides: r,
    loadError,
    detail: {
      hostsWanted: wanted,
      hostsServed: hosts,
      porticoLoadError: loadError,
      porticoApplyMs: attempt.status.lastApplyMs,
      porticoInsertMs: attempt.insertMs,
      porticoHostCount: engineStatus.hostCount,
      porticoErrors: engineStatus.errors.length,
      porticoPssBeforeMb: rssBefore,
      porticoPssIdleMb: rssIdle,
      nginxCheckMs: nginxCheck,
    },
  };
}

export const manyHosts: Scenario = {
  name: 'hosts-10000',
  title: '10,000 virtual hosts (random Host per request, 64 connections)',
  async run(ctx): Promise<ScenarioResult> {
    const m = await micro(ctx.options.quick);
    ctx.log(`    micro: validate ${m.validateMs.toFixed(0)} ms, compile ${m.compileMs.toFixed(0)} ms (CPU ${m.compileCpuMs.toFixed(0)} ms), route match p50 ${m.routeMatch.p50Ns} ns p99 ${m.routeMatch.p99Ns} ns, runtime heap ${m.runtimeHeapMb.toFixed(0)} MB + ${m.runtimeArrayBuffersMb.toFixed(0)} MB typed arrays`);
    const microMet = m.validateMs + m.compileMs < 1000 && m.routeMatch.p99Ns < 5000;
    if (ctx.options.endToEndHosts === 0) {
      return {
        portico: null,
        nginx: null,
        ratio: null,
        status: 'measured',
        reason: 'quick mode: micro benchmark only (no end-to-end run with 10,000 hosts)',
        target: { text: 'compile < 1 s, route match p99 < 5 µs, engine RSS < 300 MB', met: null },
        detail: { micro: m },
      };
    }
    const e = await endToEnd(ctx, ctx.options.endToEndHosts);
    const rss = e.sides.portico.rssMb;
    const applyMet = e.loadError === null && (e.detail.porticoApplyMs ?? Infinity) < 1000;
    return {
      nginx: e.sides.nginx,
      portico: e.sides.portico,
      ratio: e.sides.portico.rps / e.sides.nginx.rps,
      status: 'measured',
      reason: e.loadError ? `Portico did not load ${ctx.options.endToEndHosts} hosts (${e.loadError}); the load rounds ran with ${e.detail.hostsServed} hosts on both proxies` : undefined,
      target: { text: 'compile < 1 s, route match p99 < 5 µs, engine RSS < 300 MB', met: microMet && applyMet && rss < 300 },
      detail: { micro: m, endToEnd: e.detail },
    };
  },
};
