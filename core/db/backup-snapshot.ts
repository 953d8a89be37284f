// The configuration inside a database backup: its newest version (every write keeps the
// whole configuration as a version), read from the file without migrating or changing it.
// The dashboard restores that configuration online, like a JSON backup; putting the whole
// database back (users, tokens, certificates) is `portico restore` / `npm start -- --restore`.
import path from 'node:path';
import Database from 'better-sqlite3';
import { backupDir, listBackups } from './backup.ts';
import { parseSnapshot, type Snapshot } from './snapshot.ts';

/** The backup file of that name in <data>/backups, or null (a name never reaches outside it). */
export function backupFileNamed(dataDir: string, name: string): string | null {
  if (!/^[\w.-]+\.db$/.test(name) || name.startsWith('.')) return null;
  const found = listBackups(dataDir).find((b) => b.name === name);
  return found ? path.join(backupDir(dataDir), found.name) : null;
}

export function snapshotInBackup(file: string): { revision: number; snapshot: Snapshot } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT revision, snapshot FROM ConfigVersion ORDER BY revision DESC LIMIT 1').get() as { revision: number; snapshot: string } | undefined;
    if (!row) throw new Error('the backup holds no configuration version');
    const parsed = parseSnapshot(JSON.parse(row.snapshot));
    if (!parsed.success) throw new Error(`the backup's configuration (revision ${row.revision}) is not one this version can read: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return { revision: row.revision, snapshot: parsed.data };
  } finally {
    db.close();
  }
}
