// The conditions of a run, recorded with its results: hardware, software versions, and
// how busy the machine already was.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NGINX_BINARY } from './nginx.ts';

/** stdout and stderr together: nginx -v and wrk -v print to stderr (wrk exits non-zero). */
function tryRun(command: string, args: string[]): string {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
}

export interface Machine {
  cpuModel: string;
  cpus: number;
  memoryGb: number;
  kernel: string;
  node: string;
  nginx: string;
  wrk: string;
  h2load: string;
  commit: string;
  /** 1-minute load average when the run started (other engineers' tests share the machine). */
  loadAverageAtStart: number;
  startedAt: string;
}

export function describeMachine(root: string): Machine {
  let commit = '';
  try {
    const head = fs.readFileSync(path.join(root, '.git/HEAD'), 'utf8').trim();
    commit = head.startsWith('ref: ') ? fs.readFileSync(path.join(root, '.git', head.slice(5)), 'utf8').trim() : head;
  } catch {
    commit = 'unknown';
  }
  return {
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cpus: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    nginx: tryRun(NGINX_BINARY, ['-v']).replace('nginx version: ', ''),
    wrk: tryRun('wrk', ['-v']).split('\n')[0]!.split(' [')[0]!,
    h2load: tryRun('h2load', ['--version']),
    commit: `${commit.slice(0, 12)} + working tree`,
    loadAverageAtStart: os.loadavg()[0]!,
    startedAt: new Date().toISOString(),
  };
}
