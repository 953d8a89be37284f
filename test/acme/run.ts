// Runs an outside tool without blocking the event loop: the servers under test (an
// in-process engine, an echo upstream) live in the test process and must keep answering.
import { spawn } from 'node:child_process';
import { realClockEnv } from '../../scripts/lib/shifted-clock.ts';

/**
 * `caClock`: the tool checks certificates of the test CA, which keeps the real clock (pebble
 * is a Go program: libfaketime cannot move it), so under `npm run test:at-date` the tool
 * keeps the real clock too.
 */
export function run(command: string, args: string[], options: { cwd?: string; timeoutMs: number; caClock?: boolean }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...(options.caClock ? realClockEnv() : process.env), TERM: 'dumb' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
