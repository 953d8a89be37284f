// A scratch PostgreSQL 15 (Debian's), for the tests and for `npm run db:migrate`: initdb in a temporary directory, the
// server on a free loopback port with its socket in that directory, run as the `postgres`
// user (initdb and postgres refuse root). One server per file; a fresh database per test.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, waitFor } from './wait.ts';

const BIN = '/usr/lib/postgresql/15/bin';
const USER = 'portico';
const PASSWORD = 'portico-test-password';

export interface PostgresServer {
  port: number;
  /** The server's own administrative URL (database `postgres`). */
  adminUrl: string;
  /** A new, empty database; its URL. */
  createDatabase(prefix?: string): Promise<string>;
  /** A new database copied from `template` (a database name); its URL. */
  createDatabaseFrom(template: string, prefix?: string): Promise<string>;
  /** Runs one statement as the administrator in `database` (default `postgres`). */
  query<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, database?: string): Promise<T[]>;
  /** Stops the server (fast shutdown: clients are cut off); `start()` brings it back on the same port and data. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good and removes its directory. */
  destroy(): Promise<void>;
  /** Stops it and removes its directory once process `pid` has gone, however it ends (a test worker may be killed). */
  stopWhenGone(pid: number): void;
}

function asPostgres(args: string[]): string[] {
  return ['-u', 'postgres', '--', ...args];
}

export function databaseUrl(port: number, database: string): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

let counter = 0;
function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

export async function startPostgres(): Promise<PostgresServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-pg-'));
  const dataDir = path.join(dir, 'data');
  const socketDir = path.join(dir, 'socket');
  fs.mkdirSync(socketDir);
  fs.writeFileSync(path.join(dir, 'pwfile'), `${PASSWORD}\n`);
  spawnSync('chown', ['-R', 'postgres:postgres', dir]);
  fs.chmodSync(dir, 0o755);
  const init = spawnSync(
    'runuser',
    asPostgres([`${BIN}/initdb`, '-D', dataDir, '-U', USER, `--pwfile=${path.join(dir, 'pwfile')}`, '--auth-host=scram-sha-256', '--auth-local=trust', '--no-sync', '-E', 'UTF8', '--locale=C']),
    { encoding: 'utf8' },
  );
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  const port = await freePort();
  let child: ChildProcess | null = null;
  const logs: string[] = [];

  const start = async () => {
    // Durability is the test machine's least concern: fsync off keeps CREATE DATABASE fast.
    child = spawn(
      'runuser',
      asPostgres([`${BIN}/postgres`, '-D', dataDir, '-p', String(port), '-h', '127.0.0.1', '-k', socketDir, '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300', '-c', 'shared_buffers=32MB']),
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (c: Buffer) => logs.push(c.toString()));
    child.stderr!.on('data', (c: Buffer) => logs.push(c.toString()));
    const exited = new Promise<never>((_, reject) => child!.once('exit', (code) => reject(new Error(`postgres exited with code ${code}: ${logs.join('').slice(-2000)}`))));
    exited.catch(() => {});
    await Promise.race([
      exited,
      waitFor('PostgreSQL to accept connections', async () => {
        const client = new pg.Client({ connectionString: databaseUrl(port, 'postgres') });
        await client.connect();
        await client.end();
        return true;
      }, 20_000, 50),
    ]);
  };

  const stop = async () => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const gone = new Promise((resolve) => running.once('exit', resolve));
    // runuser does not pass signals on: signal the postmaster itself (SIGINT = fast shutdown).
    const postmasterPid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(postmasterPid, 'SIGINT');
    await gone;
    child = null;
  };

  const query = async <T extends pg.QueryResultRow>(sql: string, database = 'postgres'): Promise<T[]> => {
    const client = new pg.Client({ connectionString: databaseUrl(port, database) });
    await client.connect();
    try {
      return (await client.query<T>(sql)).rows;
    } finally {
      await client.end();
    }
  };

  await start();
  return {
    port,
    adminUrl: databaseUrl(port, 'postgres'),
    async createDatabase(prefix = 'portico_test') {
      const name = uniqueName(prefix);
      await query(`CREATE DATABASE ${name}`);
      return databaseUrl(port, name);
    },
    async createDatabaseFrom(template, prefix = 'portico_test') {
      const name = uniqueName(prefix);
      await query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      return databaseUrl(port, name);
    },
    query,
    stop,
    start,
    async destroy() {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
    stopWhenGone(pid) {
      // A detached watchdog: a process 'exit' handler does not run when a worker is killed.
      const script = `while kill -0 ${pid} 2>/dev/null; do sleep 1; done; p=$(head -1 '${dataDir}/postmaster.pid' 2>/dev/null); [ -n "$p" ] && kill -QUIT "$p"; sleep 2; rm -rf '${dir}'`;
      spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' }).unref();
    },
  };
}
