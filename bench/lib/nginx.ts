// nginx (Debian's package) in a throwaway prefix: the backend and the reference proxy.
// One worker, master process on (a reload needs it: the hot-apply scenario signals
// it), pinned to a CPU with taskset; children inherit the affinity.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NGINX_BINARY } from '../../test/helpers/nginx-binary.ts';
import { connectable, startPinned, waitUntil, type Child } from './proc.ts';

export { NGINX_BINARY };

export interface NginxInstance {
  prefix: string;
  pid: number;
  /** Replaces the http-context text and reloads (SIGHUP); resolves once the signal is sent. */
  reload(httpBlock: string): void;
  stop(): Promise<void>;
  output(): string;
}

export function mainConfig(prefix: string, httpBlock: string, workerConnections = 4096, workerProcesses = 1): string {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `  ${k}_temp_path ${path.join(prefix, `${k}_temp`)};`).join('\n');
  // As root, nginx's workers would run as "nobody" and could not write the cache and temp
  // directories the harness creates (mode 0700): keep them the harness's own user.
  const user = process.getuid?.() === 0 ? `user ${os.userInfo().username};\n` : '';
  return `${user}daemon off;
master_process on;
worker_processes ${workerProcesses};
worker_rlimit_nofile 65536;
pid ${path.join(prefix, 'nginx.pid')};
error_log ${path.join(prefix, 'error.log')} warn;
events { worker_connections ${workerConnections}; }
http {
${temp}
${httpBlock}
}
`;
}

/** Starts nginx on `cpu` and waits until `port` accepts connections. */
/** `workers`: worker_processes (the multi-core scenario runs 2, on CPUs "0,1"). */
export async function startNginx(name: string, cpu: number | string, httpBlock: string, port: number, workers = 1): Promise<NginxInstance> {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), `portico-bench-${name}-`));
  const file = path.join(prefix, 'nginx.conf');
  fs.writeFileSync(file, mainConfig(prefix, httpBlock, 4096, workers));
  const child: Child = startPinned(cpu, NGINX_BINARY, ['-p', `${prefix}/`, '-c', file, '-e', path.join(prefix, 'error.log')]);
  try {
    await waitUntil(`nginx (${name}) on :${port}`, async () => {
      if (child.process.exitCode !== null) throw new Error(`nginx (${name}) exited:\n${child.output()}\n${readLog(prefix)}`);
      return connectable(port);
    });
  } catch (error) {
    await child.stop();
    throw error;
  }
  return {
    prefix,
    pid: child.process.pid!,
    reload(text) {
      fs.writeFileSync(file, mainConfig(prefix, text, 4096, workers));
      child.process.kill('SIGHUP');
    },
    async stop() {
      await child.stop();
      fs.rmSync(prefix, { recursive: true, force: true });
    },
    output: () => `${child.output()}\n${readLog(prefix)}`,
  };
}

/** `nginx -t` on a configuration: how long nginx takes to parse and check it (ms). */
export async function nginxCheckMs(httpBlock: string): Promise<number> {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-bench-check-'));
  const file = path.join(prefix, 'nginx.conf');
  fs.writeFileSync(file, mainConfig(prefix, httpBlock));
  const { spawnSync } = await import('node:child_process');
  const t0 = performance.now();
  const result = spawnSync(NGINX_BINARY, ['-t', '-q', '-p', `${prefix}/`, '-c', file, '-e', path.join(prefix, 'error.log')], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  fs.rmSync(prefix, { recursive: true, force: true });
  if (result.status !== 0) throw new Error(`nginx -t failed: ${result.stderr}`);
  return ms;
}

function readLog(prefix: string): string {
  try {
    return fs.readFileSync(path.join(prefix, 'error.log'), 'utf8').slice(-4000);
  } catch {
    return '';
  }
}
