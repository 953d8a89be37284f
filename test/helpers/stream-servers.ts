// Real TCP servers for the stream tests: Debian's redis-server and PostgreSQL (installed
// from Debian on demand when the tests run as root), and a small named TCP upstream that
// says who it is and echoes, for balancing, access and hot-apply cases.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitFor } from './ports.ts';
import { startTestRedis } from './redis.ts';
// named and redis-server cannot start under libfaketime (a shifted-clock run): they keep the real clock.
import { realClockEnv } from '../../scripts/lib/shifted-clock.ts';

const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command} || test -x ${command}`], { stdio: 'ignore' }).status === 0;

/** Installs the Debian packages whose command is missing (root only); returns whether every command is there. */
export function ensureDebianPackages(packages: Record<string, string>): boolean {
  const missing = Object.entries(packages).filter(([, command]) => !has(command)).map(([pkg]) => pkg);
  if (missing.length > 0 && process.getuid?.() === 0) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'ignore', env }).status === 0;
    if (!install()) {
      spawnSync('apt-get', ['update'], { stdio: 'ignore', env });
      install();
    }
  }
  return Object.values(packages).every(has);
}

export interface RunningServer {
  port: number;
  stop(): Promise<void>;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

/** A redis-server for the stream tests: the one helper that starts it (redis.ts). */
export async function startRedis(): Promise<RunningServer> {
  const redis = await startTestRedis();
  return { port: redis.port, stop: redis.stop };
}

export function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'postgres'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : null;
}

/** A throwaway cluster in a temp dir on a loopback port, run as the `postgres` user (trust authentication). */
export async function startPostgres(): Promise<RunningServer> {
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL server binaries are not installed (apt-get install postgresql)');
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-pg-'));
  fs.chmodSync(dir, 0o755);
  execFileSync('chown', ['postgres:postgres', dir]);
  const data = path.join(dir, 'data');
  execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, 'initdb'), '-D', data, '-U', 'postgres', '--auth=trust', '--no-sync'], { stdio: 'ignore' });
  const child = spawn('runuser', ['-u', 'postgres', '--', path.join(bin, 'postgres'), '-D', data, '-p', String(port), '-k', dir, '-h', '127.0.0.1', '-c', 'fsync=off'], { stdio: 'ignore' });
  await waitFor('postgres', async () => spawnSync(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' }).status === 0, 30000, 200);
  return {
    port,
    async stop() {
      await stopChild(child);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A TCP upstream that greets every connection with `<name>\n` and echoes what it reads,
 * prefixed with its name. `connections` counts what it accepted.
 */
export async function startNamedTcpUpstream(name: string): Promise<RunningServer & { connections: number; sockets: Set<net.Socket> }> {
  const sockets = new Set<net.Socket>();
  const state = { connections: 0 };
  const server = net.createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.write(`${name}\n`);
    socket.on('data', (chunk) => socket.write(`${name}:${chunk.toString()}`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    sockets,
    get connections() {
      return state.connections;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A connected client that collects what it reads; `closed` resolves when the server closes it. */
export function streamClient(port: number): Promise<{ socket: net.Socket; received: () => string; next: (text: string) => Promise<string>; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    let data = '';
    const socket = net.connect(port, '127.0.0.1');
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (data += d));
    socket.once('error', reject);
    socket.once('connect', () =>
      resolve({
        socket,
        closed,
        received: () => data,
        // Waits until the received text contains `text` (or the connection closes).
        next: (text) =>
          new Promise((done) => {
            const check = () => {
              if (data.includes(text) || socket.destroyed) {
                socket.off('data', check);
                done(data);
              }
            };
            socket.on('data', check);
            socket.once('close', check);
            check();
          }),
      }),
    );
  });
}

/** Debian's BIND (named) serving one zone on a loopback UDP port: `name` → A `address`. */
export async function startNamed(name: string, address: string): Promise<RunningServer> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-named-'));
  fs.writeFileSync(path.join(dir, 'zone.db'), `$TTL 60\n@ IN SOA ns.${name}. admin.${name}. 1 60 60 60 60\n@ IN NS ns.${name}.\nns IN A 127.0.0.1\n@ IN A ${address}\n`);
  fs.writeFileSync(
    path.join(dir, 'named.conf'),
    `options { directory "${dir}"; pid-file "${dir}/named.pid"; listen-on port ${port} { 127.0.0.1; }; listen-on-v6 { none; }; recursion no; dnssec-validation no; };\nzone "${name}" { type primary; file "${dir}/zone.db"; };\n`,
  );
  const child = spawn('/usr/sbin/named', ['-g', '-4', '-c', path.join(dir, 'named.conf')], { stdio: 'ignore', env: realClockEnv() });
  await waitFor('named', async () => fs.existsSync(path.join(dir, 'named.pid')), 30000, 100);
  return {
    port,
    async stop() {
      await stopChild(child);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A UDP upstream that answers every datagram with `<name>:<datagram>` `copies` times; it records the client ports it saw. */
export async function startUdpEcho(name: string, copies = 1): Promise<RunningServer & { sources: Set<number>; datagrams: number }> {
  const socket = dgram.createSocket('udp4');
  const state = { sources: new Set<number>(), datagrams: 0 };
  socket.on('message', (message, rinfo) => {
    state.datagrams++;
    state.sources.add(rinfo.port);
    for (let i = 0; i < copies; i++) socket.send(`${name}:${message.toString()}`, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    port: socket.address().port,
    sources: state.sources,
    get datagrams() {
      return state.datagrams;
    },
    stop: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/** A UDP client: send, and wait for the next datagram (null if none comes within `waitMs`). */
export async function udpClient(): Promise<{ exchange(port: number, text: string, waitMs?: number): Promise<string | null>; next(waitMs?: number): Promise<string | null>; close(): void }> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const queue: string[] = [];
  const waiters: ((text: string) => void)[] = [];
  socket.on('message', (m) => {
    const waiter = waiters.shift();
    if (waiter) waiter(m.toString());
    else queue.push(m.toString());
  });
  const next = (waitMs = 2000) =>
    new Promise<string | null>((resolve) => {
      const queued = queue.shift();
      if (queued !== undefined) return resolve(queued);
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(done), 1);
        resolve(null);
      }, waitMs);
      const done = (text: string) => {
        clearTimeout(timer);
        resolve(text);
      };
      waiters.push(done);
    });
  return {
    next,
    exchange(port, text, waitMs) {
      socket.send(text, port, '127.0.0.1');
      return next(waitMs);
    },
    close: () => socket.close(),
  };
}
