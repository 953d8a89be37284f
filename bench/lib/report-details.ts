// The figures behind the table that do not fit its columns: apply latencies, the
// 10,000-hosts micro benchmark, added latency, stats cost, selection per pool size.
import type { RunReport } from './report.ts';

const f = (v: unknown, digits = 2) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '–');

type Dict = Record<string, unknown>;
const get = (o: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((cur, k) => (cur && typeof cur === 'object' ? (cur as Dict)[k] : undefined), o);

export function detailsMarkdown(report: RunReport): string {
  const s = report.scenarios;
  const out: string[] = [];
  const floor = s['node-floor-c64'];
  if (floor?.status === 'measured') {
    const sides = (get(floor.detail, 'sides') ?? {}) as Record<string, { rps: number; reqPerCpuS: number; ratio: number; cpuRatio: number }>;
    const rows = Object.entries(sides).map(([k, v]) => `| ${k} | ${f(v.rps, 0)} | ${f(v.ratio)} | ${f(v.reqPerCpuS, 0)} | ${f(v.cpuRatio)} |`);
    out.push(['**Node floor** (same rounds; req/s and requests per CPU-second of the proxy, medians):', '', '| proxy | req/s | vs nginx | req per CPU-s | vs nginx |', '|---|---|---|---|---|', ...rows].join('\n'));
  }
  const latency = s['latency-2000rps'];
  if (latency?.status === 'measured') {
    const d = latency.detail!;
    out.push(
      `**Latency at ${get(d, 'rate')} req/s** (open loop, from the time each request was due): backend alone p50 ${f(get(d, 'direct', 'p50Ms'))} / p99 ${f(get(d, 'direct', 'p99Ms'))} ms. ` +
        `Added by nginx: p50 ${f(get(d, 'addedP50Ms', 'nginx'))}, p99 ${f(get(d, 'addedP99Ms', 'nginx'))} ms; by Portico: p50 ${f(get(d, 'addedP50Ms', 'portico'))}, p99 ${f(get(d, 'addedP99Ms', 'portico'))} ms. ` +
        `Portico's p99 is ${f(get(d, 'p99GapMs'))} ms from nginx's.`,
    );
  }
  const hot = s['hot-apply'];
  if (hot?.status === 'measured') {
    const p = get(hot.detail, 'portico');
    const n = get(hot.detail, 'nginx');
    out.push(
      `**Hot apply** (${get(hot.detail, 'applies')} applies per proxy under 64-connection load): Portico write → first response with the new value p50 ${f(get(p, 'writeToServed', 'p50Ms'), 1)} / p99 ${f(get(p, 'writeToServed', 'p99Ms'), 1)} ms ` +
        `(write → POST /reload answered p50 ${f(get(p, 'writeToReloadAnswered', 'p50Ms'), 1)} / p99 ${f(get(p, 'writeToReloadAnswered', 'p99Ms'), 1)} ms; without the ping, the 1 s poll alone: p50 ${f(get(p, 'pollOnly', 'p50Ms'), 0)} / max ${f(get(p, 'pollOnly', 'maxMs'), 0)} ms), ` +
        `failed requests ${get(p, 'failedRequests')}. nginx (rewrite + SIGHUP): p50 ${f(get(n, 'writeToServed', 'p50Ms'), 1)} / p99 ${f(get(n, 'writeToServed', 'p99Ms'), 1)} ms, failed requests ${get(n, 'failedRequests')} (${JSON.stringify(get(n, 'errorDetail'))}).`,
    );
  }
  const hosts = s['hosts-10000'];
  if (hosts?.status === 'measured') {
    const m = get(hosts.detail, 'micro');
    const e = get(hosts.detail, 'endToEnd');
    out.push(
      `**10,000 hosts, micro benchmark** (bench/micro/many-hosts.ts): validate ${f(get(m, 'validateMs'), 0)} ms + compile ${f(get(m, 'compileMs'), 0)} ms (CPU ${f(get(m, 'compileCpuMs'), 0)} ms); ` +
        `route match (Host + target normalisation, host and location match) p50 ${get(m, 'routeMatch', 'p50Ns')} ns, p99 ${get(m, 'routeMatch', 'p99Ns')} ns, p99.9 ${get(m, 'routeMatch', 'p999Ns')} ns (timer ≈ ${get(m, 'routeMatch', 'timerOverheadP50Ns')} ns included); ` +
        `the compiled runtime holds ${f(get(m, 'runtimeHeapMb'), 0)} MB of JS heap and ${f(get(m, 'runtimeArrayBuffersMb'), 0)} MB of typed arrays (stats histograms).` +
        (get(m, 'importerMs') ? ` The nginx importer takes ${f(get(m, 'importerMs', '500'), 0)} / ${f(get(m, 'importerMs', '1000'), 0)} / ${f(get(m, 'importerMs', '2000'), 0)} ms for 500 / 1,000 / 2,000 server blocks.` : ''),
    );
    if (e) {
      const error = get(e, 'porticoLoadError');
      out.push(
        (error ? `**10,000 hosts, end to end**: Portico did **not** load ${get(e, 'hostsWanted')} hosts: "${error}" (it keeps serving the previous revision). The load rounds therefore ran with ${get(e, 'hostsServed')} hosts on both proxies. ` : `**${get(e, 'hostsServed')} hosts, end to end**: `) +
          `Portico applies the ${get(e, 'hostsServed')}-host revision (database read, validation, compile, swap) in ${f(get(e, 'porticoApplyMs'), 0)} ms; engine memory ${f(get(e, 'porticoPssBeforeMb'), 0)} MB before, ${f(get(e, 'porticoPssIdleMb'), 0)} MB after, ${f(hosts.portico?.rssMb, 0)} MB under load. ` +
          `\`nginx -t\` on the same text: ${f(get(e, 'nginxCheckMs'), 0)} ms; nginx memory under load ${f(hosts.nginx?.rssMb, 0)} MB.`,
      );
    }
  }
  const stats = s['stats-cost-c64'];
  if (stats?.status === 'measured') {
    out.push(
      `**Statistics cost** (two fresh engines, stats on and off, same rounds): ${f(get(stats.detail, 'costPct'), 1)} % of req/s (with stats ${f(stats.portico?.rps, 0)}, without ${f(get(stats.detail, 'withoutStats', 'rps'), 0)}), ` +
        `${f(get(stats.detail, 'costPctPerCpuS'), 1)} % of requests per CPU-second (${f(stats.portico?.reqPerCpuS, 0)} vs ${f(get(stats.detail, 'withoutStats', 'reqPerCpuS'), 0)}), medians.`,
    );
  }
  const rl = s['rate-limit-c64'];
  if (rl?.status === 'measured') {
    out.push(`**Rate-limit path**: Portico's limited path runs at ${f(Number(get(rl.detail, 'porticoVsOwnPlain')) * 100, 1)} % of its plain path's req/s and ${f(Number(get(rl.detail, 'porticoVsOwnPlainPerCpuS')) * 100, 1)} % of its requests per CPU-second, in the same rounds.`);
  }
  const sel = s['balancer-selection'];
  if (sel?.status === 'measured') {
    const rows = Object.entries((get(sel.detail, 'nsPerPick') ?? {}) as Record<string, Record<string, number>>).map(([p, v]) => `| ${p} | ${v['3']} | ${v['100']} | ${v['1000']} |`);
    out.push(['**Balancer selection**, ns per pick + release:', '', '| policy | 3 servers | 100 servers | 1,000 servers |', '|---|---|---|---|', ...rows].join('\n'));
  }
  return out.join('\n\n');
}
