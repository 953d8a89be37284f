// Every core: nginx with `worker_processes 2` against Portico with PORTICO_WORKERS=2, both
// free to use both CPUs of this machine, and Portico with one worker under the same load
// for the scaling figure. The load generator (and the backend) share those CPUs, so
// wall-clock req/s says little about scaling; requests per CPU-second of the proxy's
// whole process do: the scaling efficiency is (2 workers' req per CPU-s) / (1 worker's).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { abRounds } from '../lib/measure.ts';
import { startNginx } from '../lib/nginx.ts';
import { startPortico } from '../lib/portico.ts';
import { freePort } from '../lib/proc.ts';
import { siteConfig } from '../lib/site.ts';
import { wrk } from '../lib/wrk.ts';
import { errorsProblem } from './http-load.ts';
import type { Scenario } from './types.ts';

const BOTH_CPUS = '0,1';
const CONNECTIONS = 64;

export const multiCore: Scenario = {
  name: 'multi-core',
  title: 'Two cores: nginx worker_processes 2 vs Portico PORTICO_WORKERS=2 (and 1), 64 connections',
  async run(ctx) {
    const { tb, options } = ctx;
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-bench-multi-'));
    fs.mkdirSync(path.join(work, 'cache'));
    const site = { ...tb.site, httpPort: await freePort(), httpsPort: await freePort(), cacheDir: path.join(work, 'cache'), logDir: work };
    const nginx = await startNginx('multi', BOTH_CPUS, siteConfig(site), site.httpPort, 2);
    const two = await startPortico({ cpu: BOTH_CPUS, env: { PORTICO_WORKERS: '2' } });
    const one = await startPortico({ cpu: BOTH_CPUS, env: { PORTICO_WORKERS: '1' } });
    try {
      await two.apply(siteConfig(tb.site));
      await one.apply(siteConfig(tb.site));
      // Two wrk threads over both CPUs: one thread alone could not load two proxy cores.
      const load = (port: number, d: number) => wrk({ url: `http://127.0.0.1:${port}/`, connections: CONNECTIONS, durationS: d, host: 'bench.test', cpu: BOTH_CPUS, threads: 2 });
      const side = <L extends string>(label: L, port: number, pid: number) => ({ label, pid, warmup: () => load(port, options.warmupS), load: () => load(port, options.durationS) });
      const r = await abRounds(
        [side('nginx', site.httpPort, nginx.pid), side('portico', two.ports.http, two.pid), side('portico-1-worker', one.ports.http, one.pid)],
        options.rounds,
        () => [...tb.pids(), nginx.pid, two.pid, one.pid],
        ctx.log,
      );
      const problem = errorsProblem(r);
      if (problem) return { nginx: r.nginx, portico: r.portico, ratio: null, status: 'failed', reason: problem };
      const efficiency = r.portico.reqPerCpuS / r['portico-1-worker'].reqPerCpuS;
      const status = (await two.control('GET', '/status')) as { workers?: { id: number; requests: number; restarts: number }[] };
      return {
        nginx: r.nginx,
        portico: r.portico,
        ratio: r.portico.rps / r.nginx.rps,
        status: 'measured',
        target: { text: 'scaling efficiency ≥ 0.9 (2 workers vs 1, requests per CPU-second)', met: efficiency >= 0.9 },
        detail: {
          oneWorker: r['portico-1-worker'],
          scalingEfficiencyPerCpuS: efficiency,
          rpsTwoOverOneWorker: r.portico.rps / r['portico-1-worker'].rps,
          perCpuSVsNginx: r.portico.reqPerCpuS / r.nginx.reqPerCpuS,
          // How evenly the kernel spread the connections (requests per worker since start).
          workers: status.workers ?? null,
        },
      };
    } finally {
      await two.stop();
      await one.stop();
      await nginx.stop();
      fs.rmSync(work, { recursive: true, force: true });
    }
  },
};
