// What a production start (NODE_ENV=production) needs already built, since it never builds:
// the production image and `npm prune --omit=dev` installs have no compilers to build with,
// and a start must take seconds, not a build's minutes.
import fs from 'node:fs';
import path from 'node:path';

const BUILT = [
  { file: '.next/BUILD_ID', what: 'the dashboard build (.next)' },
  { file: 'core/db/generated/client.ts', what: 'the generated Prisma client (core/db/generated)' },
  { file: 'core/db/generated-postgres/client.ts', what: 'the generated Prisma client for PostgreSQL (core/db/generated-postgres)' },
];

export function isProductionStart(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === 'production';
}

/** Null when everything is built; otherwise the message that stops the start. */
export function missingBuildMessage(root: string): string | null {
  const missing = BUILT.filter(({ file }) => !fs.existsSync(path.join(root, file))).map(({ what }) => what);
  if (missing.length === 0) return null;
  return `not built (missing in ${root}: ${missing.join('; ')}): run \`npm run build\` first (with NODE_ENV=production, npm start never builds)`;
}
