// One supervisor per data directory: a second one would migrate, restore or reinitialise
// the database under the feet of the first. The claim is a pid file; a claim whose
// process is gone (killed, machine restarted) is stale and taken over.
import fs from 'node:fs';
import path from 'node:path';

const LOCK_FILE = 'supervisor.pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A recycled pid belongs to some other program: only a supervisor holds the claim.
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('start.ts');
  } catch {
    return true;
  }
}

/** The pid of the supervisor already running on this data directory, if any; otherwise claims it. */
export function claimDataDir(dataDir: string): number | null {
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      process.on('exit', () => {
        try {
          if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.rmSync(file);
        } catch {
          // already gone
        }
      });
      return null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
    if (Number.isInteger(holder) && holder !== process.pid && alive(holder)) return holder;
    fs.rmSync(file, { force: true });
  }
  throw new Error(`could not claim ${file}`);
}
