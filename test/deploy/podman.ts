// Podman on these machines: installed from Debian when missing (as root), always run through
// the runtime wrapper that drops the rlimits the sandbox refuses, with a local stand-in for
// node:24-bookworm-slim (no registry can be reached) built once per machine.
import fs from 'node:fs';
import path from 'node:path';
import { ensureDebianPackages } from '../helpers/stream-servers.ts';
import { REPO_ROOT } from '../helpers/data-dir.ts';
import { run, runOk, type CommandResult } from './commands.ts';

// Beside the checkout (../shared/tools, as the machines are laid out; a worktree sits deeper).
const TOOLS = [path.resolve(REPO_ROOT, '../shared/tools'), '/work/shared/tools'].find((dir) => fs.existsSync(path.join(dir, 'runc-norlimit'))) ?? path.resolve(REPO_ROOT, '../shared/tools');
const RUNTIME = path.join(TOOLS, 'runc-norlimit');
const MAKE_BASE_IMAGE = path.join(TOOLS, 'make-node-base-image');
export const BASE_IMAGE = 'docker.io/library/node:24-bookworm-slim';

/** Null when podman can run here; otherwise why not (the tests skip with it). */
export function podmanUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'podman needs root here (rootful podman, images built with mmdebstrap)';
  if (!fs.existsSync(RUNTIME) || !fs.existsSync(MAKE_BASE_IMAGE)) return `the runtime wrapper and base-image tool are not in ${TOOLS}`;
  if (!ensureDebianPackages({ podman: 'podman', runc: 'runc', mmdebstrap: 'mmdebstrap' })) return 'podman, runc and mmdebstrap could not be installed from Debian';
  return null;
}

export function podman(args: string[], timeoutMs?: number): Promise<CommandResult> {
  return run('podman', ['--runtime', RUNTIME, ...args], { timeoutMs });
}

export function podmanOk(args: string[], timeoutMs?: number): Promise<CommandResult> {
  return runOk('podman', ['--runtime', RUNTIME, ...args], { timeoutMs });
}

/** Builds the stand-in base image unless it exists; the seconds it took (0 when it existed). */
export async function ensureBaseImage(): Promise<number> {
  if ((await podman(['image', 'exists', BASE_IMAGE])).code === 0) return 0;
  return (await runOk(MAKE_BASE_IMAGE, [], { timeoutMs: 1_200_000 })).seconds;
}
