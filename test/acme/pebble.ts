// Debian's pebble (a test ACME CA) and pebble-challtestsrv (its mock DNS) for the
// end-to-end tests, on free loopback ports, nothing from the internet. Debian's pebble
// ships no TLS certificate for its own HTTPS API, so a test CA and a localhost
// certificate are made with openssl here; Portico trusts that CA via PORTICO_ACME_CA_FILE.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { freePort, waitFor } from '../helpers/ports.ts';

function openssl(dir: string, args: string[]): void {
  const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${result.stderr}`);
}

/** The CA pebble's own HTTPS API is signed by (PORTICO_ACME_CA_FILE), and pebble's localhost certificate. */
export function makePebbleTls(dir: string): { caFile: string; certFile: string; keyFile: string } {
  openssl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'api-ca.key', '-out', 'api-ca.pem', '-days', '2', '-subj', '/CN=Pebble API test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign']);
  openssl(dir, ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'localhost.key', '-out', 'localhost.csr', '-subj', '/CN=localhost']);
  fs.writeFileSync(path.join(dir, 'localhost.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  openssl(dir, ['x509', '-req', '-in', 'localhost.csr', '-CA', 'api-ca.pem', '-CAkey', 'api-ca.key', '-CAcreateserial', '-out', 'localhost.pem', '-days', '2', '-extfile', 'localhost.ext']);
  return { caFile: path.join(dir, 'api-ca.pem'), certFile: path.join(dir, 'localhost.pem'), keyFile: path.join(dir, 'localhost.key') };
}

export function httpsGet(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export interface ChallTestSrv {
  /** "127.0.0.1:port", for pebble -dnsserver and PORTICO_ACME_DNS_SERVERS. */
  dnsServer: string;
  addA(host: string, addresses: string[]): Promise<void>;
  addAaaa(host: string, addresses: string[]): Promise<void>;
  stop(): Promise<void>;
}

/** Mock DNS with no default answer: only names added with addA/addAaaa resolve. */
export async function startChallTestSrv(): Promise<ChallTestSrv> {
  const [dnsPort, managementPort] = [await freePort(), await freePort()];
  const child = spawn('pebble-challtestsrv', ['-defaultIPv4', '', '-defaultIPv6', '', '-dns01', `127.0.0.1:${dnsPort}`, '-http01', '', '-https01', '', '-tlsalpn01', '', '-management', `127.0.0.1:${managementPort}`], { stdio: 'ignore' });
  const management = `http://127.0.0.1:${managementPort}`;
  await waitFor('pebble-challtestsrv', async () => (await fetch(`${management}/clear-a`, { method: 'POST', body: JSON.stringify({ host: 'probe.invalid' }) })).ok, 10_000, 50);
  const post = async (endpoint: string, body: unknown) => {
    const res = await fetch(`${management}/${endpoint}`, { method: 'POST', body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`challtestsrv ${endpoint}: ${res.status}`);
  };
  return {
    dnsServer: `127.0.0.1:${dnsPort}`,
    addA: (host, addresses) => post('add-a', { host, addresses }),
    addAaaa: (host, addresses) => post('add-aaaa', { host, addresses }),
    stop: () => stopChild(child),
  };
}

export interface Pebble {
  directoryUrl: string;
  /** The root that pebble's issued certificates chain to (fetched from its management API). */
  root(): Promise<string>;
  logs: string[];
  stop(): Promise<void>;
}

/** Pebble validating HTTP-01 on `httpPort` (Portico's HTTP entrypoint), resolving names with `dnsServer`. */
export async function startPebble(options: { dir: string; name: string; httpPort: number; dnsServer: string; tls: { caFile: string; certFile: string; keyFile: string } }): Promise<Pebble> {
  const [port, managementPort] = [await freePort(), await freePort()];
  const config = path.join(options.dir, `${options.name}.json`);
  fs.writeFileSync(
    config,
    JSON.stringify({
      pebble: {
        listenAddress: `127.0.0.1:${port}`,
        managementListenAddress: `127.0.0.1:${managementPort}`,
        certificate: options.tls.certFile,
        privateKey: options.tls.keyFile,
        httpPort: options.httpPort,
        tlsPort: await freePort(),
        ocspResponderURL: '',
        externalAccountBindingRequired: false,
      },
    }),
  );
  const logs: string[] = [];
  // No sleeps before validating, no random nonce rejections, no reused authorizations
  // (a renewal must validate again).
  const env = { ...process.env, PEBBLE_VA_NOSLEEP: '1', PEBBLE_WFE_NONCEREJECT: '0', PEBBLE_AUTHZREUSE: '0' };
  const child = spawn('pebble', ['-config', config, '-dnsserver', options.dnsServer], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => logs.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => logs.push(d.toString()));
  const ca = fs.readFileSync(options.tls.caFile, 'utf8');
  const directoryUrl = `https://localhost:${port}/dir`;
  await waitFor(`pebble ${options.name}`, async () => (await httpsGet(directoryUrl, ca)).status === 200, 15_000, 100);
  return {
    directoryUrl,
    logs,
    root: async () => (await httpsGet(`https://localhost:${managementPort}/roots/0`, ca)).body,
    stop: () => stopChild(child),
  };
}
