// npm run test:at-date -- <offset> [vitest arguments] — the test suite (or some of its
// files) with the system clock moved: "+365d", "-365d", or "@2027-12-31 23:58:00".
// Tests must not depend on the date they run on; this is how that is checked.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './lib/paths.ts';
import { ensureFaketime, shiftedClockEnv } from './lib/shifted-clock.ts';

const [offset, ...rest] = process.argv.slice(2);
if (!offset || !/^([+-]\d+[smhdy]?|@\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)$/.test(offset)) {
  console.error('usage: npm run test:at-date -- <+365d | -365d | "@2027-12-31 23:58:00"> [vitest arguments]');
  process.exit(2);
}
if (!ensureFaketime()) {
  console.error('libfaketime is needed: apt-get install libfaketime');
  process.exit(1);
}
const { env, cleanup } = shiftedClockEnv(offset);
const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts/test.ts'), ...rest], { cwd: ROOT, stdio: 'inherit', env });
cleanup();
process.exit(result.status ?? 1);
