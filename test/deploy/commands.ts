// Runs the commands an administrator would type (git, npm, podman), timed, with their output
// kept for the failure message; the deploy tests report the durations.
import { spawn } from 'node:child_process';

export interface CommandResult {
  code: number | null;
  output: string;
  seconds: number;
}

/** The environment an administrator's shell has: none of vitest's (NODE_ENV=test, VITEST_*). */
export function shellEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_ENV' && !name.startsWith('VITEST') && !name.startsWith('PORTICO_')));
  // Next.js's types declare NODE_ENV always set; a shell may well have none.
  return { ...env, NEXT_TELEMETRY_DISABLED: '1', ...extra } as unknown as NodeJS.ProcessEnv;
}

export function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CommandResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? shellEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, seconds: (performance.now() - started) / 1000 });
    });
  });
}

/** Runs and throws with the output unless the command succeeds. */
export async function runOk(command: string, args: string[], options: Parameters<typeof run>[2] = {}): Promise<CommandResult> {
  const result = await run(command, args, options);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.code}:\n${result.output.slice(-4000)}`);
  return result;
}
