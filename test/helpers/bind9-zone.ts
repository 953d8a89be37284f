// Debian's BIND (named) as the authoritative server of a test zone that accepts dynamic
// updates signed with a TSIG key, for the DNS-01 tests. It listens on port 53 of a loopback
// address of its own (127.53.x.y, added to lo for the test: named binds the addresses of
// interfaces only): authoritative servers are asked on port 53, as the CA and Portico's
// propagation check do with real ones. Needs root (port 53, ip addr), as apt-get does.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from './ports.ts';
import { clockShiftMs, realClockEnv } from '../../scripts/lib/shifted-clock.ts';

/**
 * named cannot start under libfaketime (it recurses into clock_gettime while the library
 * initialises), so it always runs on the real clock. TSIG (RFC 8945) then rejects every
 * update Portico signs at a moved clock (BADTIME: more than 300 s apart), as it should:
 * the tests that sign updates for named cannot run when the clock is moved.
 */
export const tsigClockMoved = clockShiftMs() !== 0;

export interface TestTsigKey {
  name: string;
  algorithm: 'hmac-sha256' | 'hmac-sha512';
  secret: string;
}

export interface AuthoritativeZone {
  zone: string;
  /** The loopback address named listens on (port 53). */
  address: string;
  /** "address:53", for PORTICO_ACME_DNS_SERVERS, pebble -dnsserver and the rfc2136 provider. */
  server: string;
  /** A key allowed to change TXT records in the zone. */
  key: TestTsigKey;
  /** A key named knows that no update-policy allows. */
  readOnlyKey: TestTsigKey;
  /** The TXT values of `name` as named answers them now (dig +short, unquoted). */
  txt(name: string): string[];
  stop(): Promise<void>;
}

async function portFree(address: string): Promise<boolean> {
  const tcp = await new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(53, address, () => server.close(() => resolve(true)));
  });
  if (!tcp) return false;
  return new Promise<boolean>((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(53, address, () => socket.close(() => resolve(true)));
  });
}

const hasAddress = (address: string) => execFileSync('ip', ['-4', '-o', 'addr', 'show', 'dev', 'lo'], { encoding: 'utf8' }).includes(` ${address}/`);

/** A 127.53.x.y address nobody uses, added to lo. */
async function addLoopbackAddress(): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const address = `127.53.${randomInt(1, 255)}.${randomInt(1, 255)}`;
    if (hasAddress(address) || !(await portFree(address))) continue;
    execFileSync('ip', ['addr', 'add', `${address}/32`, 'dev', 'lo']);
    return address;
  }
  throw new Error('no free 127.53.x.y address with port 53');
}

const newKey = (name: string): TestTsigKey => ({ name, algorithm: 'hmac-sha256', secret: randomBytes(32).toString('base64') });

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

/**
 * named, primary for `zone` (NS ns1.<zone> at its own address), updatable with `key`.
 * `strayZones` are served and updatable too, but their NS record names an address where no
 * DNS server answers (127.0.0.1:53): a provider accepts the record, nobody can see it.
 */
export async function startAuthoritativeZone(zone: string, strayZones: string[] = []): Promise<AuthoritativeZone> {
  const address = await addLoopbackAddress();
  const removeAddress = () => execFileSync('ip', ['addr', 'del', `${address}/32`, 'dev', 'lo'], { stdio: 'ignore' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-bind9-'));
  const key = newKey('portico-acme');
  const readOnlyKey = newKey('portico-readonly');
  fs.writeFileSync(path.join(dir, 'zone.db'), `$TTL 60\n@ IN SOA ns1.${zone}. admin.${zone}. 1 60 60 600 60\n@ IN NS ns1.${zone}.\nns1 IN A ${address}\n@ IN A 127.0.0.1\n* IN A 127.0.0.1\n_acme-challenge.delegated IN CNAME delegated-validation.${zone}.\n`);
  for (const stray of strayZones) fs.writeFileSync(path.join(dir, `${stray}.db`), `$TTL 60\n@ IN SOA ns1.${stray}. admin.${stray}. 1 60 60 600 60\n@ IN NS ns1.${stray}.\nns1 IN A 127.0.0.1\n`);
  const keyText = (k: TestTsigKey) => `key "${k.name}" { algorithm ${k.algorithm}; secret "${k.secret}"; };\n`;
  fs.writeFileSync(
    path.join(dir, 'named.conf'),
    keyText(key) +
      keyText(readOnlyKey) +
      `options { directory "${dir}"; pid-file "${dir}/named.pid"; listen-on port 53 { ${address}; }; listen-on-v6 { none; }; recursion no; dnssec-validation no; notify no; };\n` +
      `zone "${zone}" { type primary; file "${dir}/zone.db"; update-policy { grant ${key.name} zonesub TXT; }; };\n` +
      strayZones.map((stray) => `zone "${stray}" { type primary; file "${dir}/${stray}.db"; update-policy { grant ${key.name} zonesub TXT; }; };\n`).join(''),
  );
  const logs: string[] = [];
  const child = spawn('/usr/sbin/named', ['-g', '-4', '-c', path.join(dir, 'named.conf')], { stdio: ['ignore', 'pipe', 'pipe'], env: realClockEnv() });
  child.stderr!.on('data', (d: Buffer) => logs.push(d.toString()));
  try {
    await waitFor('named', async () => / running\s*$/m.test(logs.join('')) || null, 30_000, 100);
  } catch (error) {
    child.kill('SIGKILL');
    removeAddress();
    throw new Error(`${(error as Error).message}\n${logs.join('').slice(-2000)}`);
  }
  return {
    zone,
    address,
    server: `${address}:53`,
    key,
    readOnlyKey,
    txt: (name) =>
      execFileSync('dig', ['+short', '+norecurse', `@${address}`, '-p', '53', name, 'TXT'], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map((line) => line.replace(/^"|"$/g, '')),
    async stop() {
      await stopChild(child);
      removeAddress();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
