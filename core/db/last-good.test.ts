// The last good copy only moves forward, is private to its owner and is never torn.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../config/snapshot.ts';
import { OlderRevisionError, lastGoodPath, readLastGood, readLastGoodRevision, saveLastGood } from './last-good.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-lastgood-'));
  dirs.push(dir);
  return dir;
}

const config = (revision: number, marker = '') => ({ revision, settings: {}, hosts: [], pools: [], errors: [], limitZones: [], cacheZones: [], marker }) as unknown as LoadedConfig;

describe('saveLastGood', () => {
  it.each([
    { desc: 'a first copy', saved: null, next: 0, written: true },
    { desc: 'a newer revision', saved: 4, next: 5, written: true },
    { desc: 'the same revision again (a forced re-apply)', saved: 4, next: 4, written: true },
    { desc: 'an older revision', saved: 4, next: 3, written: false },
    { desc: 'revision 0 over a configured one (an emptied database)', saved: 7, next: 0, written: false },
  ])('$desc → written: $written', ({ saved, next, written }) => {
    const dir = dataDir();
    if (saved !== null) saveLastGood(dir, config(saved, 'before'));
    const before = saved === null ? null : fs.readFileSync(lastGoodPath(dir));
    if (written) saveLastGood(dir, config(next, 'after'));
    else expect(() => saveLastGood(dir, config(next, 'after'))).toThrow(OlderRevisionError);
    if (written) expect((readLastGood(dir) as unknown as { marker: string }).marker).toBe('after');
    else expect(fs.readFileSync(lastGoodPath(dir)).equals(before!)).toBe(true);
    expect(readLastGoodRevision(dir)).toBe(written ? next : saved);
  });

  it.each([
    { desc: 'torn', text: '{"revision": 9, "hosts": [' },
    { desc: 'not a configuration', text: '{"revision": 9, "hosts": []}' },
    { desc: 'not an object', text: '9' },
  ])('reads a $desc copy as none, and replaces it (nothing there can serve)', ({ text }) => {
    const dir = dataDir();
    fs.writeFileSync(lastGoodPath(dir), text);
    expect(readLastGood(dir)).toBeNull();
    saveLastGood(dir, config(2));
    expect(readLastGoodRevision(dir)).toBe(2);
  });

  it('writes the copy for its owner alone, whatever the umask, and leaves no temporary file', () => {
    const dir = dataDir();
    const previous = process.umask(0);
    try {
      saveLastGood(dir, config(1));
    } finally {
      process.umask(previous);
    }
    expect(fs.statSync(lastGoodPath(dir)).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['last-good-config.json']);
  });
});
