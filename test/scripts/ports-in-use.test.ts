// `npm start` on a port another process holds stops at once with the port and its variable
// named, before it builds or starts anything (a new user's first hour: a taken dashboard
// port left the dashboard restarting forever behind a Node stack trace, and a taken proxy
// port was shared with the other process through the workers' SO_REUSEPORT).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/data-dir.ts';
import { supervisorEnv } from '../helpers/portico.ts';
import { freePort } from '../helpers/ports.ts';

/** Runs the supervisor until it exits (or 120 s pass); its exit code and output. */
function runSupervisor(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts/start.ts')], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 120_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('a port in use at the start', () => {
  for (const [variable, key, host] of [
    ['PORTICO_DASHBOARD_PORT', 'dashboard', '127.0.0.1'],
    ['PORTICO_HTTP_PORT', 'http', '0.0.0.0'],
    ['PORTICO_CONTROL_PORT', 'control', '127.0.0.1'],
  ] as const) {
    it(`stops the start, naming ${variable}`, async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-ports-'));
      const ports = { http: await freePort(), https: await freePort(), dashboard: await freePort(), control: await freePort() };
      // Held as another engine's worker holds its port: SO_REUSEPORT, which a second one could join.
      const holder = net.createServer();
      await new Promise<void>((resolve) => holder.listen({ port: ports[key], host, reusePort: true }, resolve));
      try {
        const { code, output } = await runSupervisor(supervisorEnv(dataDir, ports));
        expect(code, output).toBe(1);
        expect(output).toContain(`port ${ports[key]} (${variable}) on ${host} is already in use by another process`);
        expect(output).not.toContain('building the dashboard');
        expect(output).not.toMatch(/exited \(code \d+\); restarting/);
      } finally {
        await new Promise<void>((resolve) => holder.close(() => resolve()));
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    }, 150_000);
  }
});
