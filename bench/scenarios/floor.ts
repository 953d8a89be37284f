// What the platform allows: the floor proxies (bench/floor/floor-proxy.ts) next to nginx
// and Portico in the same rotating rounds, plain keep-alive proxying at 64 connections.
// "bare" is node:http answering by itself: no Node proxy can beat it. The outgoing-
// client variants record why Portico forwards with undici's dispatcher.
import path from 'node:path';
import { abRounds, type AbSide } from '../lib/measure.ts';
import { connectable, freePort, PROXY_CPU, startPinned, waitUntil, type Child } from '../lib/proc.ts';
import { wrk } from '../lib/wrk.ts';
import type { Scenario } from './types.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MODES = ['bare', 'undici', 'node-http', 'http-proxy-3', 'raw'] as const;

export const floor: Scenario = {
  name: 'node-floor-c64',
  title: 'Node floor: minimal proxies on the same core (plain proxying, 64 connections)',
  async run(ctx) {
    const { tb, options } = ctx;
    if (options.quick) return { portico: null, nginx: null, ratio: null, status: 'skipped', reason: 'not run in quick mode' };
    const floors: { mode: (typeof MODES)[number]; port: number; child: Child }[] = [];
    try {
      for (const mode of MODES) {
        const port = await freePort();
        const child = startPinned(PROXY_CPU, process.execPath, [path.join(ROOT, 'bench/floor/floor-proxy.ts'), String(port), String(tb.backend.port), mode]);
        floors.push({ mode, port, child });
        await waitUntil(`the ${mode} floor proxy`, () => connectable(port));
      }
      const load = (port: number, d: number) => wrk({ url: `http://127.0.0.1:${port}/`, connections: 64, durationS: d, host: 'bench.test' });
      const side = (label: string, port: number, pid: number): AbSide<string> => ({ label, pid, warmup: () => load(port, options.warmupS), load: () => load(port, options.durationS) });
      const sides = [side('nginx', tb.nginx.target.httpPort, tb.nginx.pid), side('portico', tb.portico.ports.http, tb.portico.pid), ...floors.map((f) => side(`floor-${f.mode}`, f.port, f.child.process.pid!))];
      const r = await abRounds(sides, options.rounds, () => [...tb.pids(), ...floors.map((f) => f.child.process.pid!)], ctx.log);
      const nginx = r.nginx!;
      const portico = r.portico!;
      const vsNginx = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, { rps: v.rps, reqPerCpuS: v.reqPerCpuS, ratio: v.rps / nginx.rps, cpuRatio: v.reqPerCpuS / nginx.reqPerCpuS }]));
      return {
        nginx,
        portico,
        ratio: portico.rps / nginx.rps,
        status: 'measured',
        detail: { sides: vsNginx, porticoVsUndiciFloor: portico.reqPerCpuS / r['floor-undici']!.reqPerCpuS, rounds: Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.rounds])) },
      };
    } finally {
      for (const f of floors) await f.child.stop();
    }
  },
};
