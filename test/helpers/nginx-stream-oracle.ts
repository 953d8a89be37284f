// nginx's stream module as the oracle for streams: Debian's nginx with the dynamic stream
// module (package libnginx-mod-stream, installed on demand as root), one foreground
// process running a `stream {}` text in a throwaway prefix.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NGINX_BINARY } from './nginx-binary.ts';
import { ensureDebianPackages } from './stream-servers.ts';

export const STREAM_MODULE = '/usr/lib/nginx/modules/ngx_stream_module.so';

/** Whether nginx and its stream module are there (installing the module when root). */
export function canRunNginxStreams(): boolean {
  return ensureDebianPackages({ nginx: NGINX_BINARY, 'libnginx-mod-stream': STREAM_MODULE });
}

export interface NginxStreams {
  errorLog(): string;
  stop(): Promise<void>;
}

/** Runs `streamText` (a `stream { … }` block) until stop(); resolves once it listens. */
export async function startNginxStreams(streamText: string): Promise<NginxStreams> {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-nginx-stream-'));
  const errorFile = path.join(prefix, 'error.log');
  const config = [
    `load_module ${STREAM_MODULE};`,
    'daemon off;',
    'master_process off;',
    'worker_processes 1;',
    `pid ${path.join(prefix, 'nginx.pid')};`,
    `error_log ${errorFile} info;`,
    'events { worker_connections 256; }',
    streamText,
  ].join('\n');
  const file = path.join(prefix, 'nginx.conf');
  fs.writeFileSync(file, config);
  const child: ChildProcess = spawn(NGINX_BINARY, ['-p', `${prefix}/`, '-c', file, '-e', errorFile], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const errorLog = () => (fs.existsSync(errorFile) ? fs.readFileSync(errorFile, 'utf8') : '');
  for (let i = 0; i < 300 && child.exitCode === null; i++) {
    // The pid file is written after the listening sockets are open; a probe connection
    // would reach an upstream and move the balancer.
    if (fs.existsSync(path.join(prefix, 'nginx.pid'))) {
      return {
        errorLog,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGTERM');
            await exited;
          }
          fs.rmSync(prefix, { recursive: true, force: true });
        },
      };
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  await exited;
  const log = errorLog();
  fs.rmSync(prefix, { recursive: true, force: true });
  throw new Error(`nginx did not start:\n${log}\n--- config ---\n${config}`);
}
