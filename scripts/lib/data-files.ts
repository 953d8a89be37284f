// The data directory holds the database (password hashes, sealed keys), its backups, the
// last good configuration, the engine token and the secret key: files for Portico's user
// alone. The umask covers what is created from now on (inherited by the engine and the
// dashboard); the sweep fixes what an earlier version or another umask left readable.
import fs from 'node:fs';
import path from 'node:path';

/** Owner-only files (0600) and directories (0700), whatever the umask Portico starts with. */
export const DATA_UMASK = 0o077;

/** Directories swept recursively (tls/ holds the fallback certificate's key); cache/ is large and covered by the umask alone. */
const SWEPT_DIRS = new Set(['backups', 'logs', 'tls']);

/** Takes group and other permissions away; never grants any (an unreadable file stays so, and is reported). */
function restrict(file: string, stat: fs.Stats, changed: string[]): void {
  const mode = stat.mode & 0o777;
  const owner = mode & 0o700;
  if (mode === owner) return;
  try {
    fs.chmodSync(file, owner);
    changed.push(file);
  } catch {
    // not ours to change (another owner): the database check reports what it cannot read
  }
}

function sweep(dir: string, depth: number, changed: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    // Symbolic links are left alone: chmod would change whatever they point to.
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) {
      if (depth > 0 || SWEPT_DIRS.has(entry.name)) {
        restrict(full, fs.lstatSync(full), changed);
        sweep(full, depth + 1, changed);
      }
    } else if (entry.isFile()) {
      restrict(full, fs.lstatSync(full), changed);
    }
  }
}

/** Removes group and other permissions from the data directory's files; returns what changed. */
export function restrictDataFiles(dataDir: string): string[] {
  const changed: string[] = [];
  sweep(dataDir, 0, changed);
  return changed;
}
