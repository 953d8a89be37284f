// Test helper: a throwaway nginx (nginx-binary.ts) on a loopback port, with its
// own prefix, so limiter tests can replay a scenario against the real thing.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasNginx, NGINX_BINARY } from './nginx-binary.ts';

export { hasNginx };

export interface NginxOracle {
  port: number;
  /** The prefix; `html/` under it is the document root. */
  prefix: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * Start nginx with `httpBody` inside http {}. `$PORT` and `$PREFIX` in it are replaced.
 * One process (master_process off) by default: no privilege drop, nothing left behind on
 * stop. `workerProcesses` > 1 runs a master with that many workers, which share the
 * configuration's zones as nginx in production does (the master stops them on SIGTERM).
 */
export async function startNginx(httpBody: string, files: Record<string, string> = {}, options: { workerProcesses?: number } = {}): Promise<NginxOracle> {
  const prefix = await mkdtemp(join(tmpdir(), 'portico-nginx-'));
  await mkdir(join(prefix, 'logs'));
  await mkdir(join(prefix, 'html'));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(prefix, 'html', path, '..'), { recursive: true });
    await writeFile(join(prefix, 'html', path), content);
  }
  const port = await freePort();
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${prefix}/tmp_${t};`).join('\n');
  const workers = options.workerProcesses ?? 1;
  // As root the master would hand its workers to "nobody", who cannot read the prefix.
  const main = workers > 1 ? `worker_processes ${workers};${process.getuid?.() === 0 ? '\nuser root;' : ''}` : '';
  const conf = `
${main}
error_log ${prefix}/logs/error.log warn;
pid ${prefix}/logs/nginx.pid;
events { worker_connections 128; }
http {
  access_log off;
  ${temp}
  ${httpBody.replaceAll('$PORT', String(port)).replaceAll('$PREFIX', prefix)}
}`;
  await writeFile(join(prefix, 'nginx.conf'), conf);
  const child: ChildProcess = spawn(NGINX_BINARY, ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-g', workers > 1 ? 'daemon off;' : 'daemon off; master_process off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    await rm(prefix, { recursive: true, force: true });
  };
  const deadline = Date.now() + 5000;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`nginx did not start: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { port, prefix, stop };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface Reply {
  status: number;
  /** performance.now() when the request was sent and when the response ended. */
  sentAt: number;
  doneAt: number;
}

/** One GET; `agent` false opens a fresh connection. */
export function get(port: number, path: string, agent: Agent | false): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const sentAt = performance.now();
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.once('end', () => resolve({ status: res.statusCode ?? 0, sentAt, doneAt: performance.now() }));
    });
    req.once('error', reject);
    req.end();
  });
}

/** `count` requests one after the other on one keep-alive connection, as fast as possible. */
export async function sequential(port: number, path: string, count: number): Promise<Reply[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const replies: Reply[] = [];
    for (let i = 0; i < count; i++) replies.push(await get(port, path, agent));
    return replies;
  } finally {
    agent.destroy();
  }
}
