// Runs the real supervisor (`node scripts/start.ts`, as `npm start` does) on a data
// directory the test prepared, with arguments (--restore, --reinitialise), an optional
// launcher (umask, dropped capabilities) and ports moved off the defaults. Unlike
// startPortico it keeps the data directory, so a test can examine it afterwards, and it
// can wait for the database-incident state instead of a working dashboard.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './data-dir.ts';
import { supervisorEnv } from './portico.ts';
import { freePort, waitFor } from './ports.ts';

export interface SupervisorRun {
  ports: { http: number; https: number; dashboard: number; control: number };
  dashboard: string;
  process: ChildProcess;
  logs: string[];
  /** SIGTERM, then the exit code (the process group is killed if it does not stop). */
  stop(): Promise<number | null>;
}

export interface RunOptions {
  args?: string[];
  /** A command the supervisor runs under, e.g. ['/bin/sh', '-c', 'umask 000; exec "$@"', 'sh']. */
  launcher?: string[];
  env?: Record<string, string>;
  /** What to wait for: a working dashboard, or the database-incident page. */
  ready: 'dashboard' | 'incident';
}

/** Every supervisor started and not yet exited: a test that timed out still gets its processes stopped. */
const started = new Set<ChildProcess>();

/** Kills what is still running (for afterAll). */
export function killAllSupervisors(): void {
  for (const child of started) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export async function runSupervisor(dataDir: string, options: RunOptions): Promise<SupervisorRun> {
  const ports = { http: await freePort(), https: await freePort(), dashboard: await freePort(), control: await freePort() };
  // The engine writes its info file once it listens: a stale one from an earlier run must not count.
  fs.rmSync(path.join(dataDir, 'engine.json'), { force: true });
  const logs: string[] = [];
  const command = [...(options.launcher ?? []), process.execPath, path.join(REPO_ROOT, 'scripts/start.ts'), ...(options.args ?? [])];
  const child = spawn(command[0]!, command.slice(1), {
    cwd: REPO_ROOT,
    env: supervisorEnv(dataDir, ports, options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  started.add(child);
  child.once('exit', () => started.delete(child));
  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const collect = (chunk: Buffer) => logs.push(chunk.toString());
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exitCode = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const dashboard = `http://127.0.0.1:${ports.dashboard}`;
  const infoFile = path.join(dataDir, 'engine.json');
  try {
    await Promise.race([
      exitCode.then((code) => Promise.reject(new Error(`the supervisor exited with code ${code}`))),
      waitFor(
        options.ready === 'dashboard' ? 'Portico to start' : 'the database-incident page',
        async () => {
          if (!fs.existsSync(infoFile)) return false;
          const res = await fetch(options.ready === 'dashboard' ? `${dashboard}/api/v1/setup` : dashboard);
          await res.arrayBuffer();
          return options.ready === 'dashboard' ? res.ok : res.status === 503;
        },
        100_000,
        200,
      ),
    ]);
  } catch (error) {
    killGroup();
    throw new Error(`${(error as Error).message}\n--- logs ---\n${logs.join('')}`);
  }
  return {
    ports,
    dashboard,
    process: child,
    logs,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(killGroup, 20_000);
        const code = await exitCode;
        clearTimeout(timer);
        return code;
      }
      return child.exitCode;
    },
  };
}
