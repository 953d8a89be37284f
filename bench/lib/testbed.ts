// Everything a run needs, started once: the backend (nginx, fixed 1 KiB body) and the
// WebSocket echo server on the load CPU; nginx and Portico, both configured from the
// same nginx text, on the proxy CPU. Only one proxy is under load at a time; the idle
// one costs nothing measurable (no timers in nginx; Portico's are once a second).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backendConfig, siteConfig, type SiteOptions } from './site.ts';
import { startNginx, type NginxInstance } from './nginx.ts';
import { httpGet } from './http-get.ts';
import { startPortico, type PorticoInstance } from './portico.ts';
import { freePort, LOAD_CPU, PROXY_CPU, startPinned, waitUntil, type Child } from './proc.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** A proxy under test, as the scenarios see it. */
export interface Target {
  name: 'nginx' | 'portico';
  pid: number;
  httpPort: number;
  httpsPort: number;
}

export interface Testbed {
  backend: { port: number; nginx: NginxInstance; requests(): Promise<number> };
  ws: { port: number; child: Child };
  nginx: NginxInstance & { target: Target };
  portico: PorticoInstance & { target: Target };
  site: SiteOptions;
  /** Whether Portico's HTTPS entrypoint completed a handshake and answered (TLS, HTTP/2 scenarios). */
  tls: { available: boolean; reason: string };
  /** Applies `site` (with changes) to both proxies. */
  configure(changes: Partial<SiteOptions>): Promise<void>;
  pids(): number[];
  stop(): Promise<void>;
}

export interface TestbedOptions {
  /** Portico engine environment additions. */
  engineEnv?: Record<string, string>;
  cpuProfDir?: string;
  /** Extra V8/Node flags for Portico's engine. */
  engineFlags?: string[];
}

export async function startTestbed(options: TestbedOptions = {}): Promise<Testbed> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-bench-'));
  const stops: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    fs.rmSync(work, { recursive: true, force: true });
  };
  try {
    const backendPort = await freePort();
    const backendNginx = await startNginx('backend', LOAD_CPU, backendConfig(backendPort, work), backendPort);
    stops.push(() => backendNginx.stop());

    const ws = startPinned(LOAD_CPU, process.execPath, [path.join(ROOT, 'bench/load/ws-echo-server.ts')], { env: { ...process.env, PORT: '0' } });
    stops.push(() => ws.stop());
    let wsPort = 0;
    await waitUntil('the WebSocket echo server', () => {
      const m = /READY (\d+)/.exec(ws.output());
      if (m) wsPort = Number(m[1]);
      return wsPort > 0;
    });

    const portico = await startPortico({ cpu: PROXY_CPU, env: options.engineEnv, cpuProfDir: options.cpuProfDir, nodeFlags: options.engineFlags });
    stops.push(() => portico.stop());
    // Both proxies serve Portico's own fallback certificate: same key type, same handshake cost.
    const cert = path.join(portico.dataDir, 'tls/fallback-cert.pem');
    const key = path.join(portico.dataDir, 'tls/fallback-key.pem');
    const hasCert = fs.existsSync(cert) && fs.existsSync(key);
    const nginxPorts = { http: await freePort(), https: await freePort() };
    fs.mkdirSync(path.join(work, 'cache'));
    let site: SiteOptions = {
      backendPort,
      wsPort,
      httpPort: nginxPorts.http,
      httpsPort: nginxPorts.https,
      tls: hasCert ? { cert, key } : null,
      cacheDir: path.join(work, 'cache'),
      logDir: work,
      revision: 0,
    };
    const nginx = await startNginx('proxy', PROXY_CPU, siteConfig(site), nginxPorts.http);
    stops.push(() => nginx.stop());
    await portico.apply(siteConfig(site));

    const tls = hasCert ? await probeTls(portico.ports.https) : { available: false, reason: 'the engine wrote no fallback certificate (no HTTPS listener)' };
    const backendRequests = async () => {
      const text = (await httpGet(backendPort, '/__status', 'backend')).body;
      // "server accepts handled requests\n 1 1 1": the third number is requests.
      const m = /\n\s*\d+\s+\d+\s+(\d+)/.exec(text);
      return Number(m?.[1] ?? NaN);
    };
    return {
      backend: { port: backendPort, nginx: backendNginx, requests: backendRequests },
      ws: { port: wsPort, child: ws },
      nginx: Object.assign(nginx, { target: { name: 'nginx' as const, pid: nginx.pid, httpPort: nginxPorts.http, httpsPort: nginxPorts.https } }),
      portico: Object.assign(portico, { target: { name: 'portico' as const, pid: portico.pid, httpPort: portico.ports.http, httpsPort: portico.ports.https } }),
      get site() {
        return site;
      },
      tls,
      async configure(changes) {
        site = { ...site, ...changes };
        const text = siteConfig(site);
        nginx.reload(text);
        await portico.apply(text);
        // nginx starts new workers asynchronously; give the old ones time to hand over.
        await new Promise((r) => setTimeout(r, 500));
      },
      pids: () => [backendNginx.pid, ws.process.pid!, nginx.pid, portico.pid],
      stop: cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** One HTTPS request to Portico; says why TLS is not usable when it fails. */
async function probeTls(port: number): Promise<{ available: boolean; reason: string }> {
  const https = await import('node:https');
  return new Promise((resolve) => {
    const req = https.request({ host: '127.0.0.1', port, path: '/', headers: { host: 'bench.test' }, rejectUnauthorized: false, timeout: 3000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200 ? { available: true, reason: '' } : { available: false, reason: `HTTPS answered ${res.statusCode}` }));
    });
    req.on('error', (e) => resolve({ available: false, reason: `HTTPS request failed: ${e.message}` }));
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.end();
  });
}
