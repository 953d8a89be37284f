// The environment that moves the system clock for a process tree (libfaketime from
// Debian): every program started under it — Node, nginx, openssl, Chromium — reads the
// shifted time, so certificates, expiries and retention all agree with one another.
// A few programs cannot start with libfaketime preloaded (they call clock_gettime
// while the library initialises and hang or fail: h2load, dig, named, redis-server,
// redis-cli, testssl.sh's many children, Chromium); they run through wrappers that drop the
// preload, and helpers that start them by absolute path pass realClockEnv (Chromium:
// test/helpers/browser.ts; named: test/helpers/bind9-zone.ts). Their outcome does not depend
// on the date (load generators, DNS lookups and zones, a key-value store, protocol scans, a
// browser whose session cookie has a relative Max-Age), so the run stays a fair test of
// Portico's own use of the clock. The one exception: TSIG-signed updates to named, which
// rejects a signature made at a moved clock (bind9-zone.ts's tsigClockMoved).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const LIBRARY = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';
const UNFAKEABLE = ['h2load', 'dig', 'nghttp', 'named', 'redis-server', 'redis-cli', 'delv', 'nsupdate', 'testssl', 'testssl.sh'];

/** Installs libfaketime from Debian when it is missing (as root); false when it cannot. */
export function ensureFaketime(): boolean {
  if (fs.existsSync(LIBRARY)) return true;
  if (process.getuid?.() !== 0) return false;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'libfaketime'], { stdio: 'inherit', env }).status === 0;
  if (!install()) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    install();
  }
  return fs.existsSync(LIBRARY);
}

/**
 * The environment for a process tree whose clock is `offset` from now (libfaketime's
 * syntax: "+365d", "-365d", or "@2027-12-31 23:58:00" for an absolute start that then ticks).
 * The monotonic clock is left alone: timers and timeouts keep their real lengths.
 */
export function shiftedClockEnv(offset: string, base: NodeJS.ProcessEnv = process.env): { env: NodeJS.ProcessEnv; cleanup: () => void } {
  const wrappers = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-clock-'));
  const searchPath = base.PATH ?? '/usr/local/bin:/usr/bin:/bin';
  for (const command of UNFAKEABLE) {
    const real = searchPath
      .split(':')
      .map((dir) => path.join(dir, command))
      .concat(path.join('/usr/sbin', command))
      .find((file) => fs.existsSync(file));
    if (!real) continue;
    const file = path.join(wrappers, command);
    fs.writeFileSync(file, `#!/bin/sh\nunset LD_PRELOAD\nexec ${JSON.stringify(real)} "$@"\n`, { mode: 0o755 });
  }
  const env = {
    ...base,
    PATH: `${wrappers}:${searchPath}`,
    LD_PRELOAD: [LIBRARY, base.LD_PRELOAD].filter(Boolean).join(':'),
    FAKETIME: offset,
    FAKETIME_DONT_FAKE_MONOTONIC: '1',
    FAKETIME_DONT_RESET: '1',
  };
  return { env, cleanup: () => fs.rmSync(wrappers, { recursive: true, force: true }) };
}

/** The environment without the shifted clock, for a program that cannot run under it. */
export function realClockEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env = { ...base };
  const rest = (env.LD_PRELOAD ?? '').split(':').filter((entry) => entry && entry !== LIBRARY);
  if (rest.length) env.LD_PRELOAD = rest.join(':');
  else delete env.LD_PRELOAD;
  for (const name of ['FAKETIME', 'FAKETIME_DONT_FAKE_MONOTONIC', 'FAKETIME_DONT_RESET']) delete env[name];
  return env;
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, y: 365 * 86_400_000 };

/**
 * How far this process's clock is moved by libfaketime (0 when it is not), for comparing
 * with programs that keep the real clock. Only relative offsets ("+365d") are known here.
 */
export function clockShiftMs(env: NodeJS.ProcessEnv = process.env): number | null {
  const offset = env.FAKETIME;
  if (!offset) return 0;
  const relative = /^([+-]\d+)([smhdy]?)$/.exec(offset);
  return relative ? Number(relative[1]) * (UNIT_MS[relative[2] || 's'] ?? 1000) : null;
}
