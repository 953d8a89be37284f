// Where the build-time stripped modules live (./build.ts writes, ./hook.mjs reads).
// JavaScript, as the hook that imports it must not load Node's TypeScript stripper.
import { fileURLToPath } from 'node:url';

export const STRIPPED_DIR = fileURLToPath(new URL('../../.cache/stripped-modules', import.meta.url));

/** The cache file of a source whose SHA-256 is `digest`. */
export function entryName(digest) {
  return `${digest}.js`;
}
