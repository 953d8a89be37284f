// npm run build — everything a production start needs that is not in the repository: the
// Prisma client (core/db/generated, from prisma/schema.prisma), the engine's modules
// stripped of types (.cache/stripped-modules) and the dashboard's Next.js build (.next). Needs the dev dependencies (the prisma CLI, Next's compilers, Tailwind);
// afterwards `npm prune --omit=dev` leaves what `NODE_ENV=production npm start` runs on.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { recordBuild } from './lib/build-fingerprint.ts';
import { buildStrippedModules } from '../core/stripped-modules/build.ts';
import { ROOT } from './lib/paths.ts';

function run(step: string, args: string[]): void {
  const started = performance.now();
  console.log(`[build] ${step}…`);
  const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' } });
  if (result.status !== 0) {
    console.error(`[build] ${step} failed (${result.signal ?? `exit code ${result.status}`})`);
    process.exit(1);
  }
  console.log(`[build] ${step}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

run('generating the Prisma client', [path.join(ROOT, 'node_modules/prisma/build/index.js'), 'generate']);
run('generating the Prisma client for PostgreSQL', [path.join(ROOT, 'node_modules/prisma/build/index.js'), 'generate', '--schema', 'prisma/postgresql/schema.prisma']);
// After the Prisma clients (they are engine modules too). A production install is read-only
// to the running process (the image, the systemd unit): the cache is made here.
const stripped = buildStrippedModules();
if (stripped.error) {
  console.error(`[build] stripping the engine's modules ahead of time failed: ${stripped.error}`);
  process.exit(1);
}
console.log(`[build] engine modules stripped of types ahead of time: ${stripped.modules} (${stripped.written} new) in ${(stripped.ms / 1000).toFixed(1)} s`);
run('building the dashboard', [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'build']);
// The development start (`npm start` without NODE_ENV=production) rebuilds when its sources
// change after this; the stamp says this build is current.
recordBuild(ROOT);
console.log('[build] done: start with `NODE_ENV=production npm start`');
