// Hot apply under load: wrk keeps 64 connections busy while the configuration changes
// `applies` times (the response header X-Bench-Rev gets a new value each time). Write-to-
// applied is the time from the start of the write to the first response, on a fresh
// connection, that carries the new value. Portico: one host row updated and the revision
// bumped in one transaction, then POST /reload (the dashboard's path); a few more applies
// rely on the engine's once-a-second poll alone. nginx: the file rewritten and SIGHUP.
import http from 'node:http';
import { measure, summarise } from '../lib/measure.ts';
import { updateHostPolicies } from '../lib/insert-plan.ts';
import { percentile } from '../lib/stats.ts';
import type { Target } from '../lib/testbed.ts';
import { siteConfig } from '../lib/site.ts';
import { wrk } from '../lib/wrk.ts';
import type { Scenario, ScenarioContext } from './types.ts';

const SPACING_MS = 100;
const POLL_ONLY_APPLIES = 5;

function probe(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', headers: { host: 'bench.test' }, agent: false }, (res) => {
      res.resume();
      resolve(res.headers['x-bench-rev'] as string | undefined);
    });
    req.on('error', () => resolve(undefined));
  });
}

async function waitForRevision(port: number, revision: number, t0: number, timeoutMs = 10_000): Promise<number> {
  const want = String(revision);
  while (performance.now() - t0 < timeoutMs) {
    if ((await probe(port)) === want) return performance.now() - t0;
    await new Promise((r) => setTimeout(r, 2));
  }
  return NaN;
}

interface ApplyRun {
  servedMs: number[];
  /** Portico only: write start → POST /reload answered with the new revision applied. */
  reloadMs: number[];
  pollOnlyMs: number[];
}

async function applyLoop(ctx: ScenarioContext, target: Target, count: number): Promise<ApplyRun> {
  const { tb } = ctx;
  const run: ApplyRun = { servedMs: [], reloadMs: [], pollOnlyMs: [] };
  let revision = tb.site.revision;
  if (target.name === 'nginx') {
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      revision++;
      tb.nginx.reload(siteConfig({ ...tb.site, revision }));
      run.servedMs.push(await waitForRevision(target.httpPort, revision, t0));
      await new Promise((r) => setTimeout(r, SPACING_MS));
    }
    return run;
  }
  const host = await tb.portico.db.host.findFirstOrThrow({ where: { serverNames: { some: { name: 'bench.test' } } } });
  const policies = host.policies as { responseHeaders?: { add?: { name: string; value: string; always: boolean }[] } };
  const withRevision = (n: number) => ({
    ...policies,
    responseHeaders: { ...policies.responseHeaders, add: (policies.responseHeaders?.add ?? []).map((h) => (h.name === 'X-Bench-Rev' ? { ...h, value: String(n) } : h)) },
  });
  for (let i = 0; i < count + POLL_ONLY_APPLIES; i++) {
    const pollOnly = i >= count;
    revision++;
    const t0 = performance.now();
    const dbRevision = await updateHostPolicies(tb.portico.db, host.id, withRevision(revision));
    if (!pollOnly) {
      const status = await tb.portico.reload();
      if (status.appliedRevision >= dbRevision) run.reloadMs.push(performance.now() - t0);
      else run.reloadMs.push(NaN);
    }
    const served = await waitForRevision(target.httpPort, revision, t0);
    (pollOnly ? run.pollOnlyMs : run.servedMs).push(served);
    await new Promise((r) => setTimeout(r, SPACING_MS));
  }
  return run;
}

function latencySummary(values: number[]) {
  const ok = values.filter(Number.isFinite).sort((a, b) => a - b);
  return { count: values.length, notSeen: values.length - ok.length, p50Ms: percentile(ok, 50), p99Ms: percentile(ok, 99), maxMs: ok[ok.length - 1] ?? NaN };
}

export const hotApply: Scenario = {
  name: 'hot-apply',
  title: 'Hot apply under load (64 connections)',
  async run(ctx) {
    const { tb, options } = ctx;
    const count = options.applies;
    const sides = { nginx: tb.nginx.target, portico: tb.portico.target };
    const out: Record<string, { side: ReturnType<typeof summarise>; applies: ApplyRun }> = {};
    for (const target of [sides.nginx, sides.portico]) {
      let applies: ApplyRun | null = null;
      const sample = await measure(target.pid, tb.pids, async () => {
        // The load runs until the last apply is served (wrk stops on SIGINT and reports).
        let finished!: () => void;
        const done = new Promise<void>((r) => (finished = r));
        const load = wrk({ url: `http://127.0.0.1:${target.httpPort}/`, connections: 64, durationS: 3600, host: 'bench.test', until: done });
        await new Promise((r) => setTimeout(r, 1000));
        try {
          applies = await applyLoop(ctx, target, count);
          await new Promise((r) => setTimeout(r, 500));
        } finally {
          finished();
        }
        return load;
      });
      const a = applies as ApplyRun | null;
      if (!a) throw new Error('the apply loop did not finish');
      out[target.name] = { side: summarise([sample]), applies: a };
      ctx.log(`    ${target.name.padEnd(8)} ${count} applies under load: served p50 ${latencySummary(a.servedMs).p50Ms.toFixed(1)} ms p99 ${latencySummary(a.servedMs).p99Ms.toFixed(1)} ms; failed requests ${sample.errors}; ${sample.rps.toFixed(0)} req/s`);
    }
    const p = out.portico!;
    const served = latencySummary(p.applies.servedMs);
    const met = served.p99Ms < 1000 && served.notSeen === 0 && p.side.errors === 0;
    return {
      nginx: out.nginx!.side,
      portico: p.side,
      ratio: p.side.rps / out.nginx!.side.rps,
      ratioOf: 'req/s while applying, Portico / nginx',
      status: 'measured',
      target: { text: `p99 write-to-applied < 1 s; 0 failed requests across ${count} applies`, met },
      detail: {
        applies: count,
        portico: { writeToServed: served, writeToReloadAnswered: latencySummary(p.applies.reloadMs), pollOnly: latencySummary(p.applies.pollOnlyMs), failedRequests: p.side.errors, errorDetail: p.side.rounds[0]!.errorDetail },
        nginx: { writeToServed: latencySummary(out.nginx!.applies.servedMs), failedRequests: out.nginx!.side.errors, errorDetail: out.nginx!.side.rounds[0]!.errorDetail },
      },
    };
  },
};
