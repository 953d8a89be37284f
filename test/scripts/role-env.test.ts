// `npm start` with a PORTICO_ROLE it does not know stops at once, naming the variable and the
// roles there are, before it touches the data directory.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/data-dir.ts';

describe('PORTICO_ROLE at start', () => {
  it('refuses an unknown role with a clear message and creates nothing', () => {
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'portico-role-')), 'data');
    const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/start.ts')], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORTICO_ROLE: 'proxy', PORTICO_DATA_DIR: dataDir, PORTICO_LOG_FORMAT: 'pretty' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(`${run.stdout}${run.stderr}`).toContain('PORTICO_ROLE: must be all, engine or dashboard');
    expect(fs.existsSync(dataDir)).toBe(false);
    fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });
});
