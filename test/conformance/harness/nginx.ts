// The reference: Debian's nginx 1.22 running one configuration in a throwaway prefix, as
// a single foreground process (daemon off, master_process off, one worker) on an
// ephemeral loopback port. The configuration is the same text Portico imports, with
// only what must differ to run it here: every server's `listen` becomes
// 127.0.0.1:<port> (keeping default_server, and http2: h2c with prior knowledge), and
// the main context (pid, logs, events, temp paths) belongs to the harness.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { renderNginx, type NginxNode } from '../../../core/nginx/config-writer.ts';
import { parseNginx } from '../../../core/nginx/parser.ts';
import type { NginxDirective } from '../../../core/nginx/ast.ts';
import { freePort } from '../../helpers/ports.ts';
import { NGINX_BINARY } from '../../helpers/nginx-binary.ts';

export { NGINX_BINARY };

/** Main-context directives the harness owns (they would write outside the prefix or fork). */
const MAIN_ONLY = new Set(['user', 'worker_processes', 'worker_rlimit_nofile', 'pid', 'error_log', 'events', 'daemon', 'master_process', 'load_module', 'env']);

export interface NginxUnderTest {
  port: number;
  /** The configuration nginx runs, for failure messages. */
  config: string;
  errorLog(): string;
  stop(): Promise<void>;
}

function rewriteServer(server: NginxDirective, port: number): NginxNode {
  const block = server.block ?? [];
  const listens = block.filter((d) => d.name === 'listen');
  if (listens.some((d) => d.args.slice(1).some((a) => a === 'ssl' || a === 'quic')) || block.some((d) => d.name === 'ssl' && d.args[0] === 'on')) {
    throw new Error('TLS servers are not run by this harness (Portico starts no HTTPS listener in-process)');
  }
  const isDefault = listens.some((d) => d.args.slice(1).some((a) => a === 'default_server' || a === 'default'));
  // "http2" without TLS: nginx speaks HTTP/2 with prior knowledge (h2c), for HTTP/2 comparisons.
  const isH2c = listens.some((d) => d.args.slice(1).includes('http2'));
  const listen: NginxNode = { name: 'listen', args: [`127.0.0.1:${port}`, ...(isDefault ? ['default_server'] : []), ...(isH2c ? ['http2'] : [])] };
  return { name: 'server', args: server.args, block: [listen, ...block.filter((d) => d.name !== 'listen')] };
}

/** The text nginx runs for `text` (an http-context configuration, or a whole nginx.conf). */
export function nginxConfig(text: string, port: number, prefix: string): string {
  const top = parseNginx(text).directives;
  const httpLevel = top.flatMap((d) => (d.name === 'http' ? (d.block ?? []) : MAIN_ONLY.has(d.name) ? [] : [d]));
  const body = httpLevel.map((d) => (d.name === 'server' ? rewriteServer(d, port) : d));
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k): NginxNode => ({ name: `${k}_temp_path`, args: [path.join(prefix, `${k}_temp`)] }));
  return renderNginx([
    { name: 'daemon', args: ['off'] },
    { name: 'master_process', args: ['off'] },
    { name: 'worker_processes', args: ['1'] },
    { name: 'pid', args: [path.join(prefix, 'nginx.pid')] },
    { name: 'error_log', args: [path.join(prefix, 'error.log'), 'info'] },
    { name: 'events', args: [], block: [{ name: 'worker_connections', args: ['256'] }] },
    { name: 'http', args: [], block: [{ name: 'access_log', args: ['off'] }, ...temp, ...body] },
  ]);
}

function connectable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function launch(text: string, files: Readonly<Record<string, string>>): Promise<NginxUnderTest> {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-conformance-nginx-'));
  // Files the configuration names by relative paths (auth_basic_user_file): nginx reads them next to nginx.conf.
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(prefix, name)), { recursive: true });
    fs.writeFileSync(path.join(prefix, name), content);
  }
  const port = await freePort();
  const config = nginxConfig(text, port, prefix);
  const file = path.join(prefix, 'nginx.conf');
  fs.writeFileSync(file, config);
  const errorFile = path.join(prefix, 'error.log');
  const stderr: string[] = [];
  const child: ChildProcess = spawn(NGINX_BINARY, ['-p', `${prefix}/`, '-c', file, '-e', errorFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.on('data', (c: Buffer) => stderr.push(c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const errorLog = () => `${stderr.join('')}${fs.existsSync(errorFile) ? fs.readFileSync(errorFile, 'utf8') : ''}`;
  const cleanup = () => fs.rmSync(prefix, { recursive: true, force: true });
  // A TCP connect, not an HTTP request: a request would reach the upstreams and be recorded.
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    if (await connectable(port)) {
      return {
        port,
        config,
        errorLog,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGTERM');
            const killed = setTimeout(() => child.kill('SIGKILL'), 3000);
            await exited;
            clearTimeout(killed);
          }
          cleanup();
        },
      };
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await exited;
  }
  const log = errorLog();
  cleanup();
  throw Object.assign(new Error(`nginx did not start:\n${log}\n--- config ---\n${config}`), { addressInUse: /Address already in use/.test(log) });
}

export async function startNginx(text: string, files: Readonly<Record<string, string>> = {}): Promise<NginxUnderTest> {
  // The port is free when chosen but another process on the machine may take it first.
  for (let attempt = 0; ; attempt++) {
    try {
      return await launch(text, files);
    } catch (error) {
      if (attempt >= 2 || !(error as { addressInUse?: boolean }).addressInUse) throw error;
    }
  }
}
