// Whether the dashboard's production build is missing or older than its sources.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

// The dashboard is built from its own folders and the shared core (it never imports the
// engine, so an engine change does not make the build stale).
const SOURCES = ['app', 'components', 'core', 'scripts/lib', 'public', 'next.config.ts', 'postcss.config.mjs', 'package-lock.json', 'instrumentation.ts', 'proxy.ts', 'tsconfig.json'];
const STAMP = '.next/portico-build-fingerprint';

function walk(root: string, file: string, out: string[]): void {
  const full = path.join(root, file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(full);
  } catch {
    return;
  }
  if (stat.isDirectory()) {
    for (const entry of fs.readdirSync(full).sort()) {
      if (entry === 'node_modules' || entry.startsWith('.')) continue;
      walk(root, path.join(file, entry), out);
    }
  } else {
    out.push(`${file}:${stat.size}:${Math.floor(stat.mtimeMs)}`);
  }
}

export function sourceFingerprint(root: string): string {
  const entries: string[] = [];
  for (const source of SOURCES) walk(root, source, entries);
  return createHash('sha256').update(entries.join('\n')).digest('hex');
}

export function buildIsCurrent(root: string): boolean {
  try {
    if (!fs.existsSync(path.join(root, '.next/BUILD_ID'))) return false;
    return fs.readFileSync(path.join(root, STAMP), 'utf8') === sourceFingerprint(root);
  } catch {
    return false;
  }
}

export function recordBuild(root: string): void {
  fs.writeFileSync(path.join(root, STAMP), sourceFingerprint(root));
}
