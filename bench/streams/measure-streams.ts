// TCP stream throughput (bytes/s over 64 connections reading from an upstream that writes
// as fast as it can) and connection rate (connect, read the greeting, close; 64 at a
// time), Portico against nginx's stream module, on this machine. Used by the `tcp-stream`
// scenario of `npm run bench` and by bench/streams/stream-bench.ts on its own.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { NGINX_BINARY } from '../../test/helpers/nginx-binary.ts';
import { freePort, startPinned, waitUntil, connectable, PROXY_CPU, LOAD_CPU } from '../lib/proc.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const CONNECTIONS = 64;

export interface StreamBenchResult {
  units: Record<'tcp-stream-throughput-c64' | 'tcp-stream-connections-c64', string>;
  durationS: number;
  connections: number;
  cpus: number;
  measuredAt: string;
  results: Record<'tcp-stream-throughput-c64' | 'tcp-stream-connections-c64', { nginx: number; portico: number; ratio: number }>;
  /** Connections that did not read the whole greeting. */
  failed: { nginx: number; portico: number };
}

async function throughput(port: number, durationS: number): Promise<number> {
  let bytes = 0;
  const sockets: net.Socket[] = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('data', (d) => (bytes += d.length));
    socket.on('error', () => {});
    sockets.push(socket);
  }
  await new Promise((r) => setTimeout(r, 500));
  const start = bytes;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, durationS * 1000));
  const rate = ((bytes - start) * 1000) / (performance.now() - t0);
  for (const s of sockets) s.destroy();
  return rate;
}

async function connectionRate(port: number, durationS: number): Promise<{ perS: number; failed: number }> {
  let done = 0;
  let failed = 0;
  const deadline = performance.now() + durationS * 1000;
  const one = () =>
    new Promise<void>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      let got = '';
      socket.on('data', (d) => (got += d));
      socket.on('close', () => {
        if (got === 'ok\n') done++;
        else failed++;
        resolve();
      });
      socket.on('error', () => {});
    });
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (performance.now() < deadline) await one();
  }));
  return { perS: (done * 1000) / (performance.now() - t0), failed };
}

export async function measureStreams(durationS: number): Promise<StreamBenchResult> {
  const [upstreamPort, upstreamGreetPort, nginxPort, nginxGreetPort, porticoPort, porticoGreetPort] = (await Promise.all(Array.from({ length: 6 }, freePort))) as [number, number, number, number, number, number];
  const upstream = startPinned(LOAD_CPU, process.execPath, [path.join(ROOT, 'bench/streams/stream-upstream.ts'), String(upstreamPort), String(upstreamGreetPort)]);
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-bench-nginx-stream-'));
  fs.writeFileSync(
    path.join(prefix, 'nginx.conf'),
    `load_module /usr/lib/nginx/modules/ngx_stream_module.so; daemon off; master_process off; worker_processes 1; pid ${prefix}/nginx.pid; error_log ${prefix}/error.log; events { worker_connections 4096; }
  stream { server { listen 127.0.0.1:${nginxPort}; proxy_pass 127.0.0.1:${upstreamPort}; } server { listen 127.0.0.1:${nginxGreetPort}; proxy_pass 127.0.0.1:${upstreamGreetPort}; } }`,
  );
  const nginx = startPinned(PROXY_CPU, NGINX_BINARY, ['-p', `${prefix}/`, '-c', path.join(prefix, 'nginx.conf')]);
  const portico = startPinned(PROXY_CPU, process.execPath, [path.join(ROOT, 'bench/streams/portico-streams.ts'), String(porticoPort), String(porticoGreetPort), String(upstreamPort), String(upstreamGreetPort)]);
  try {
    await waitUntil('the upstream', () => connectable(upstreamGreetPort));
    await waitUntil('nginx', () => fs.existsSync(path.join(prefix, 'nginx.pid')));
    await waitUntil('portico', () => connectable(porticoGreetPort), 60000);
    const results = {} as StreamBenchResult['results'];
    const nginxBytes = await throughput(nginxPort, durationS);
    const porticoBytes = await throughput(porticoPort, durationS);
    results['tcp-stream-throughput-c64'] = { nginx: Math.round(nginxBytes), portico: Math.round(porticoBytes), ratio: porticoBytes / nginxBytes };
    const nginxRate = await connectionRate(nginxGreetPort, durationS);
    const porticoRate = await connectionRate(porticoGreetPort, durationS);
    results['tcp-stream-connections-c64'] = { nginx: Math.round(nginxRate.perS), portico: Math.round(porticoRate.perS), ratio: porticoRate.perS / nginxRate.perS };
    return { units: { 'tcp-stream-throughput-c64': 'bytes/s', 'tcp-stream-connections-c64': 'connections/s' }, durationS, connections: CONNECTIONS, cpus: os.cpus().length, measuredAt: new Date().toISOString(), results, failed: { nginx: nginxRate.failed, portico: porticoRate.failed } };
  } finally {
    await portico.stop();
    await nginx.stop();
    await upstream.stop();
    fs.rmSync(prefix, { recursive: true, force: true });
  }
}
