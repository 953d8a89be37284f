// One instance of Portico with a role (PORTICO_ROLE), run by the real supervisor as `npm
// start` runs it, for tests of several instances on one database. With SQLite, instances on
// one machine share the database by pointing their own data directories' portico.db at one
// file (a symbolic link; SQLite follows it, so the -wal and -shm files are shared too): each
// instance keeps its own engine files (engine.json, token, last good configuration, logs).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './data-dir.ts';
import { supervisorEnv } from './portico.ts';
import { freePort, waitFor } from './ports.ts';

export interface PorticoInstance {
  name: string;
  role: 'all' | 'engine' | 'dashboard';
  dataDir: string;
  ports: { http: number; https: number; dashboard: number; control: number };
  dashboard: string;
  process: ChildProcess;
  logs: string[];
  exited: Promise<number | null>;
  /** SIGTERM (a clean stop); the group is killed if it takes longer than 20 s. */
  stop(): Promise<number | null>;
  /** SIGKILL for the supervisor and its children: no clean stop. */
  kill(): void;
}

const started = new Set<PorticoInstance>();

/** Kills every instance still running (afterAll). */
export function killAllInstances(): void {
  for (const instance of started) instance.kill();
}

/** A data directory whose database is `sharedDbFile` (null: a database of its own). */
export function instanceDataDir(sharedDbFile: string | null): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-node-'));
  if (sharedDbFile) fs.symlinkSync(sharedDbFile, path.join(dir, 'portico.db'));
  return dir;
}

/** Starts the supervisor; resolves once the role's parts answer (engine: /readyz on the control port; dashboard: /api/v1/setup). */
export async function startInstance(options: { name: string; role: PorticoInstance['role']; dataDir: string; env?: Record<string, string>; wait?: boolean; ports?: Partial<PorticoInstance['ports']> }): Promise<PorticoInstance> {
  // A port may be chosen by the test beforehand (e.g. the HTTP port a test CA validates on).
  const ports = { http: options.ports?.http ?? (await freePort()), https: options.ports?.https ?? (await freePort()), dashboard: await freePort(), control: await freePort() };
  const logs: string[] = [];
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts/start.ts')], {
    cwd: REPO_ROOT,
    env: supervisorEnv(options.dataDir, ports, { PORTICO_ROLE: options.role, PORTICO_NODE_NAME: options.name, ...options.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const collect = (chunk: Buffer) => logs.push(chunk.toString());
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const kill = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const instance: PorticoInstance = {
    name: options.name,
    role: options.role,
    dataDir: options.dataDir,
    ports,
    dashboard: `http://127.0.0.1:${ports.dashboard}`,
    process: child,
    logs,
    exited,
    kill,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(kill, 20_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  started.add(instance);
  void exited.then(() => started.delete(instance));
  if (options.wait === false) return instance;
  const ready = async () => {
    if (options.role !== 'dashboard') {
      const res = await fetch(`http://127.0.0.1:${ports.control}/readyz`);
      await res.arrayBuffer();
      if (!res.ok) return false;
    }
    if (options.role !== 'engine') {
      const res = await fetch(`${instance.dashboard}/api/v1/setup`);
      await res.arrayBuffer();
      if (!res.ok) return false;
    }
    return true;
  };
  try {
    await Promise.race([
      exited.then((code) => Promise.reject(new Error(`the supervisor exited with code ${code}`))),
      waitFor(`${options.name} (${options.role}) to start`, () => ready().catch(() => false), 100_000, 200),
    ]);
  } catch (error) {
    kill();
    throw new Error(`${(error as Error).message}\n--- logs ---\n${logs.join('')}`);
  }
  return instance;
}
