// The database identity on PostgreSQL (scripts/lib/postgres-identity.ts), end to end through
// the supervisor: a data directory that ran on one PostgreSQL database refuses another one
// named by PORTICO_DATABASE_URL (a fresh database: "emptied", never migrated; another
// installation's: "replaced"), serving its last good configuration meanwhile, and starts
// normally on its own database again. Every instance on one database records its identity.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDENTITY_FILE, IDENTITY_SETTING_KEY } from '../../core/db/database-identity.ts';
import { instanceDataDir, killAllInstances, startInstance, type PorticoInstance } from '../helpers/portico-instance.ts';
import { waitFor } from '../helpers/ports.ts';
import { startPostgres, type PostgresServer } from '../helpers/postgres.ts';

let server: PostgresServer;
let home: string;
let other: string;
const dirs: string[] = [];

const dbName = (url: string) => new URL(url).pathname.slice(1);
const recordOf = (dataDir: string) => (JSON.parse(fs.readFileSync(path.join(dataDir, IDENTITY_FILE), 'utf8')) as { id: string }).id;
const identityIn = async (url: string) => (await server.query<{ value: { id: string } }>(`SELECT value FROM "Setting" WHERE key = '${IDENTITY_SETTING_KEY}'`, dbName(url)))[0]?.value.id ?? null;
const dataDir = () => {
  const dir = instanceDataDir(null);
  dirs.push(dir);
  return dir;
};
const start = (name: string, dir: string, url: string, wait = true) => startInstance({ name, role: 'engine', dataDir: dir, env: { PORTICO_DATABASE_URL: url, PORTICO_WORKERS: '1' }, wait });
/** Starts on a database it must refuse: the incident's lines, once reported. */
async function refused(dir: string, url: string): Promise<string> {
  const instance: PorticoInstance = await start('refused', dir, url, false);
  const text = await waitFor('the incident to be reported', async () => {
    const logs = instance.logs.join('');
    return logs.includes('nothing was migrated or written') ? logs : null;
  }, 60_000, 100);
  // The supervisor installs its SIGTERM handler just after it logs the incident and launches
  // its children: stopping it only once the engine answers keeps the stop out of that window.
  await waitFor('the engine to answer', () => fetch(`http://127.0.0.1:${instance.ports.control}/healthz`).then((r) => r.ok, () => false), 60_000, 100);
  expect(await instance.stop()).toBe(0);
  return text;
}

beforeAll(async () => {
  server = await startPostgres();
  server.stopWhenGone(process.pid);
  [home, other] = await Promise.all([server.createDatabase('portico_home'), server.createDatabase('portico_other')]);
}, 60_000);
afterAll(async () => {
  killAllInstances();
  await server?.destroy();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('database identity on PostgreSQL', () => {
  const first = dataDir();

  it('is created in the database at the first start and recorded by every instance on it', async () => {
    const a = await start('a', first, home);
    const second = dataDir();
    const b = await start('b', second, home);
    const id = await identityIn(home);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(recordOf(first)).toBe(id);
    expect(recordOf(second)).toBe(id);
    expect(await Promise.all([a.stop(), b.stop()])).toEqual([0, 0]);
  }, 120_000);

  it('refuses a fresh database under a data directory that ran on another, and does not migrate it', async () => {
    const text = await refused(first, other);
    expect(text).toContain('the database cannot be used');
    expect(text).toContain('the PostgreSQL database is a fresh one (no configuration, no users), but Portico ran on a database here before');
    expect(text).toContain(`the database ${recordOf(first)}`);
    expect(text).toContain('npm run db:copy');
    const tables = await server.query<{ n: number }>("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'", dbName(other));
    expect(tables[0]!.n).toBe(0);
  }, 120_000);

  it("refuses another installation's database, naming both identities", async () => {
    // Another installation takes the second database into service (and gives it its identity).
    const elsewhere = await start('elsewhere', dataDir(), other);
    expect(await elsewhere.stop()).toBe(0);
    const theirs = await identityIn(other);
    const text = await refused(first, other);
    expect(text).toContain('the PostgreSQL database is not the one Portico last ran on');
    expect(text).toContain(`on record: ${recordOf(first)}`);
    expect(text).toContain(`in the database: ${theirs}`);
    expect(text).toContain(`move ${IDENTITY_FILE} out of ${first}`);
  }, 120_000);

  it('starts normally on its own database again, and adopts another one once its record is moved aside', async () => {
    const again = await start('a', first, home);
    expect(await again.stop()).toBe(0);
    fs.renameSync(path.join(first, IDENTITY_FILE), path.join(first, `${IDENTITY_FILE}.aside`));
    const adopted = await start('a', first, other);
    expect(recordOf(first)).toBe(await identityIn(other));
    expect(await adopted.stop()).toBe(0);
  }, 120_000);
});
