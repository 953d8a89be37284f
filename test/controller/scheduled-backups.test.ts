// The scheduled backup job: due when none exists or the newest is an interval old, keeps
// the newest N of its own, never deletes a manual or pre-migration backup, and does
// nothing when turned off.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../core/db/client.ts';
import { backupDatabase, backupStamp, listBackups } from '../../core/db/backup.ts';
import { saveBackupSchedule } from '../../core/db/backup-schedule.ts';
import { backupTick } from '../../controller/backups/backup-job.ts';
import { createDataDir } from '../helpers/data-dir.ts';

let data: Awaited<ReturnType<typeof createDataDir>>;
let db: Db;
const HOUR = 3600_000;

beforeAll(async () => {
  data = await createDataDir('portico-backup-job-');
  db = await openDb(data.dir);
});
afterAll(async () => {
  await db.$disconnect();
  data.cleanup();
});

/** Makes the scheduled backups look `hours` older than they are (the job judges by the time in the name). */
function age(hours: number): void {
  for (const b of scheduled()) {
    const at = new Date(Date.parse(b.createdAt) - hours * HOUR);
    fs.renameSync(b.file, path.join(path.dirname(b.file), b.name.replace(backupStamp(new Date(b.createdAt)), backupStamp(at))));
  }
}

const scheduled = () => listBackups(data.dir).filter((b) => b.name.endsWith('-scheduled.db'));

describe('scheduled backups', () => {
  it('takes one when due, keeps the newest N of its own, and leaves other backups alone', async () => {
    const lines: string[] = [];
    const manual = await backupDatabase(`${data.dir}/portico.db`, data.dir, 'manual');
    await saveBackupSchedule(db, { enabled: true, intervalHours: 6, keep: 2 }, { principal: null });
    await backupTick(db, data.dir, Date.now(), (l) => lines.push(l));
    expect(scheduled()).toHaveLength(1);
    expect(lines[0]).toMatch(/^scheduled backup written to .*-scheduled\.db$/);

    // Not due again within the interval.
    await backupTick(db, data.dir, Date.now(), (l) => lines.push(l));
    expect(scheduled()).toHaveLength(1);

    for (let round = 0; round < 3; round++) {
      age(7);
      // Distinct file names: they carry the time to the millisecond.
      await new Promise((r) => setTimeout(r, 5));
      await backupTick(db, data.dir, Date.now(), (l) => lines.push(l));
    }
    expect(scheduled()).toHaveLength(2);
    expect(lines.at(-1)).toMatch(/1 older scheduled backup deleted \(keeping 2\)$/);
    expect(fs.existsSync(manual)).toBe(true);
  });

  it('does nothing when turned off', async () => {
    await saveBackupSchedule(db, { enabled: false, intervalHours: 1, keep: 2 }, { principal: null });
    age(48);
    const before = listBackups(data.dir).map((b) => b.name);
    await backupTick(db, data.dir, Date.now(), () => {});
    expect(listBackups(data.dir).map((b) => b.name)).toEqual(before);
  });
});
