// The tests whose subject is the calendar (retention, renewal windows, expiry, validity,
// token and session lifetimes) run again with the system clock moved a year forward and
// a year back (libfaketime): a test that only passes near the day it was written fails here.
// The whole suite can be run the same way with `npm run test:at-date -- +365d`.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureFaketime, shiftedClockEnv } from '../../scripts/lib/shifted-clock.ts';
import { REPO_ROOT } from '../helpers/data-dir.ts';

/** Files that read the clock for what they assert: dates in fixtures, expiries, windows. */
const DATE_SENSITIVE = [
  'test/stats/history.test.ts',
  'core/acme/renewal-policy.test.ts',
  'proxy-engine/tls/ocsp.test.ts',
  'core/tls/pem-validation.test.ts',
  'proxy-engine/tls/certificate-store.test.ts',
  'proxy-engine/cache/control.test.ts',
  'proxy-engine/cache/zone.test.ts',
  'proxy-engine/stats/aggregator.test.ts',
  'proxy-engine/stats/events.test.ts',
  'proxy-engine/stats/window-summary.test.ts',
  'components/live/series.test.ts',
  'test/scripts/migrations.test.ts',
  'test/controller/scheduled-backups.test.ts',
];

function vitestAt(offset: string): Promise<{ code: number | null; output: string }> {
  const { env, cleanup } = shiftedClockEnv(offset);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=dot', ...DATE_SENSITIVE], { cwd: REPO_ROOT, env });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => {
      cleanup();
      resolve({ code, output });
    });
  });
}

// As root (CI) libfaketime is installed when missing; elsewhere the files are skipped when it is absent.
// Under `npm run test:at-date` the whole suite already runs shifted: nothing to add here.
const available = ensureFaketime();
describe.skipIf((!available && process.getuid?.() !== 0) || process.env.FAKETIME !== undefined)('with the clock moved', () => {
  for (const offset of ['+365d', '-365d']) {
    it(`passes the date-sensitive tests at ${offset}`, async () => {
      expect(available, 'libfaketime could not be installed').toBe(true);
      const { env, cleanup } = shiftedClockEnv(offset);
      // The shift itself is real: a child process reads the moved year.
      const year = await new Promise<number>((resolve) => {
        const child = spawn(process.execPath, ['-e', 'process.stdout.write(String(new Date().getUTCFullYear()))'], { env });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.on('close', () => resolve(Number(out)));
      });
      cleanup();
      expect(Math.abs(year - new Date().getUTCFullYear())).toBe(1);
      const { code, output } = await vitestAt(offset);
      expect(code, output.slice(-4000)).toBe(0);
    }, 240_000);
  }
});
