// The last configuration the engine applied, saved beside the database so a restart can
// serve while the database is unreadable. It only ever moves forward: a revision lower
// than the one saved means the database went back in time (emptied, replaced, restored
// by hand), and that must never erase the copy that still serves. Rollbacks are new,
// higher revisions, so they pass. A deliberate reset (`npm start -- --reinitialise` or
// `--restore`) moves the saved copy aside first, so there is nothing to compare with.
import fs from 'node:fs';
import path from 'node:path';
import type { LoadedConfig } from '../config/snapshot.ts';

export const LAST_GOOD_FILE = 'last-good-config.json';

export function lastGoodPath(dataDir: string): string {
  return path.join(dataDir, LAST_GOOD_FILE);
}

/** The saved configuration, or null when there is none or it is not one (torn, hand-edited). */
export function readLastGood(dataDir: string): LoadedConfig | null {
  try {
    const config = JSON.parse(fs.readFileSync(lastGoodPath(dataDir), 'utf8')) as Partial<LoadedConfig> | null;
    const lists = [config?.hosts, config?.pools, config?.errors, config?.limitZones];
    if (typeof config?.revision !== 'number' || typeof config.settings !== 'object' || config.settings === null || !lists.every(Array.isArray)) return null;
    return config as LoadedConfig;
  } catch {
    return null;
  }
}

/** The saved revision (null when there is no readable copy). */
export function readLastGoodRevision(dataDir: string): number | null {
  return readLastGood(dataDir)?.revision ?? null;
}

export class OlderRevisionError extends Error {}

/** Saves `config` unless the copy on disk is of a newer revision. Write then rename: a crash never leaves a torn file. */
export function saveLastGood(dataDir: string, config: LoadedConfig): void {
  const saved = readLastGoodRevision(dataDir);
  if (saved !== null && config.revision < saved) {
    throw new OlderRevisionError(`revision ${config.revision} is older than the saved revision ${saved}; the saved copy is kept`);
  }
  const file = lastGoodPath(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(config), { mode: 0o600 });
  fs.renameSync(tmp, file);
}
