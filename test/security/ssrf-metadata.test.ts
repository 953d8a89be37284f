// The SSRF guard against a fake cloud metadata service on the real addresses: the test
// runs itself again inside a private network namespace (unshare: user, network and mount
// namespaces), where 169.254.169.254, fd00:ec2::254, the NAT64, 6to4 and Teredo forms of
// it and the Alibaba and Azure addresses are put on the loopback interface, and a private
// /etc/hosts gives DNS names that resolve to them. Every upstream path of the engine
// (proxied requests, pools, WebSocket upgrades, active health checks, OCSP) and the
// dashboard's ACME client must refuse them whatever the spelling, and must keep reaching
// loopback and private upstreams. Configurations are written straight into the database,
// as one saved before the API checked these spellings would be: the engine's check at
// connect time is what must hold.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/data-dir.ts';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { request } from '../helpers/http-client.ts';
import { waitFor } from '../helpers/ports.ts';

const INSIDE = process.env.PORTICO_TEST_NETNS === '1';
const THIS_FILE = path.relative(REPO_ROOT, import.meta.filename);
const canUnshare = !INSIDE && spawnSync('unshare', ['-rnm', 'true'], { stdio: 'ignore' }).status === 0;

describe.skipIf(INSIDE || !canUnshare)('the SSRF guard in a private network namespace (needs unshare)', () => {
  it('holds against a fake metadata service on the real addresses', async () => {
    // The inner run is a vitest run of this file with PORTICO_TEST_NETNS=1.
    const env: NodeJS.ProcessEnv = { ...process.env, PORTICO_TEST_NETNS: '1', NO_COLOR: '1' };
    for (const name of Object.keys(env)) if (name.startsWith('VITEST') || name === 'NODE_OPTIONS' || name === 'FORCE_COLOR') delete env[name];
    const child = spawn('unshare', ['-rnm', '--propagation', 'private', process.execPath, 'node_modules/vitest/vitest.mjs', 'run', '--reporter=verbose', THIS_FILE], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, output).toBe(0);
    // The cases ran (a skipped inner run would also exit 0).
    expect(output).toMatch(/Tests\s+7 passed/);
  }, 300_000);
});

/** Addresses put on lo: the metadata forms, and a private address standing for a real upstream. */
const METADATA_V4 = ['169.254.169.254', '100.100.100.200', '168.63.129.16'];
const METADATA_V6 = ['fd00:ec2::254', 'fd20:ce::254', '64:ff9b::a9fe:a9fe', '2002:a9fe:a9fe::1', '2001:0:4136:e378:8000:63bf:5601:5601'];
const PRIVATE = '10.1.2.3';

describe.runIf(INSIDE)('inside the namespace', () => {
  let engine: TestEngine;
  let metadata: http.Server;
  const hostsFile = path.join(os.tmpdir(), `portico-hosts-${process.pid}`);
  /** Every connection the fake service accepted, by the local address it was reached at. */
  const reached: string[] = [];
  const metadataHits = () => reached.filter((a) => !isOrdinary(a)).length;
  const isOrdinary = (a: string) => ['127.0.0.1', '::1', PRIVATE].includes(a.replace(/^::ffff:/, ''));

  const writeHosts = (rebindTo: string) =>
    fs.writeFileSync(
      hostsFile,
      [
        '127.0.0.1 localhost',
        '::1 localhost',
        '169.254.169.254 meta.test',
        '::ffff:169.254.169.254 mapped.test',
        'fd00:ec2::254 meta6.test',
        `${PRIVATE} backend.test`,
        // The name is refused whatever it resolves to (outside Google Cloud it may resolve anywhere).
        `${PRIVATE} metadata.goog metadata.google.internal`,
        `${rebindTo} rebind.test`,
      ].join('\n') + '\n',
    );

  beforeAll(async () => {
    const ip = (...args: string[]) => execFileSync('ip', args);
    ip('link', 'set', 'lo', 'up');
    for (const a of [...METADATA_V4, PRIVATE]) ip('addr', 'add', `${a}/32`, 'dev', 'lo');
    for (const a of METADATA_V6) ip('-6', 'addr', 'add', `${a}/128`, 'dev', 'lo');
    writeHosts(PRIVATE);
    // Written in place from now on (same inode), so the bind mount sees every change.
    execFileSync('mount', ['--bind', hostsFile, '/etc/hosts']);

    metadata = http.createServer((req, res) => {
      if (req.url === '/redirect') return res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/', connection: 'close' }).end();
      res.writeHead(200, { 'content-type': 'text/plain', connection: 'close' }).end(`reached ${req.socket.localAddress?.replace(/^::ffff:/, '')}`);
    });
    metadata.on('connection', (socket) => reached.push(socket.localAddress ?? ''));
    await new Promise<void>((resolve) => metadata.listen({ port: 80, host: '::', ipv6Only: false }, resolve));

    engine = await startTestEngine();
  });
  afterAll(async () => {
    await engine?.stop();
    await new Promise((resolve) => metadata?.close(resolve));
    fs.rmSync(hostsFile, { force: true });
  });

  const REFUSED = [
    '169.254.169.254:80',
    '[::ffff:a9fe:a9fe]:80',
    '[0:0:0:0:0:ffff:169.254.169.254]:80',
    '[::ffff:169.254.169.254]:80',
    '[0000:0000:0000:0000:0000:FFFF:A9FE:A9FE]:80',
    '[::a9fe:a9fe]:80',
    '[64:ff9b::a9fe:a9fe]:80',
    '[64:ff9b::169.254.169.254]:80',
    '[2002:a9fe:a9fe::1]:80',
    '[2001:0:4136:e378:8000:63bf:5601:5601]:80',
    '[fd00:ec2::254]:80',
    '[FD00:EC2:0::254]:80',
    '[fd20:ce::254]:80',
    '[fe80::a9fe:a9fe]:80',
    '100.100.100.200:80',
    '168.63.129.16:80',
    'meta.test:80',
    'META.TEST:80',
    'mapped.test:80',
    'meta6.test:80',
    'metadata.goog:80',
    'metadata.google.internal:80',
    'metadata.goog.:80',
  ];
  const ALLOWED = [`${PRIVATE}:80`, '127.0.0.1:80', '[::1]:80', '[::ffff:127.0.0.1]:80', 'localhost:80', 'backend.test:80'];

  const hostFor = (address: string) => `h${[...address].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7)}.test`;
  const proxyTo = (address: string, extra: object = {}) => ({ serverNames: [hostFor(address)], locations: [{ path: '/', action: { kind: 'proxy', address }, policies: { timeouts: { connectMs: 2000 } }, ...extra }] });

  async function errorLogFor(requestId: string): Promise<string> {
    const token = fs.readFileSync(path.join(engine.dataDir, 'engine.token'), 'utf8').trim();
    const res = await fetch(`http://127.0.0.1:${engine.engine.ports.control}/logs?source=error&requestId=${requestId}`, { headers: { authorization: `Bearer ${token}` } });
    const { entries } = (await res.json()) as { entries: { message: string }[] };
    return entries.map((e) => e.message).join('\n');
  }

  it('refuses every spelling of a metadata address, as a host or a pool server, with a 502 and an error-log line', async () => {
    await engine.configure({
      hosts: [
        ...[...REFUSED, ...ALLOWED].map((a) => proxyTo(a)),
        { serverNames: ['pool.test'], locations: [{ path: '/', action: { kind: 'proxy', poolId: 'meta-pool' } }] },
        { serverNames: ['mixed.test'], locations: [{ path: '/', action: { kind: 'proxy', poolId: 'mixed-pool' } }] },
      ],
      pools: [
        { name: 'meta-pool', servers: REFUSED.slice(0, 8).map((address) => ({ address })) },
        // nginx's proxy_next_upstream error: a refused server is passed over for the next one.
        { name: 'mixed-pool', servers: [{ address: '[::ffff:a9fe:a9fe]:80' }, { address: `${PRIVATE}:80` }] },
      ],
    });
    const outcomes: Record<string, { status: number; log?: string }> = {};
    for (const address of REFUSED) {
      const res = await request(engine.port, '/latest/meta-data/', { headers: { host: hostFor(address) } });
      outcomes[address] = { status: res.status, log: (await errorLogFor(String(res.headers['x-request-id']))).includes('refused to connect') ? 'refused' : 'no refusal logged' };
    }
    expect(outcomes).toEqual(Object.fromEntries(REFUSED.map((a) => [a, { status: 502, log: 'refused' }])));
    expect((await request(engine.port, '/', { headers: { host: 'pool.test' } })).status).toBe(502);
    expect(metadataHits()).toBe(0);

    for (const address of ALLOWED) {
      const res = await request(engine.port, '/', { headers: { host: hostFor(address) } });
      expect({ address, status: res.status, body: res.body.startsWith('reached ') }).toEqual({ address, status: 200, body: true });
    }
    const mixed = await request(engine.port, '/', { headers: { host: 'mixed.test' } });
    expect({ status: mixed.status, body: mixed.body }).toEqual({ status: 200, body: `reached ${PRIVATE}` });
    expect(metadataHits()).toBe(0);
  });

  it('refuses a name whose DNS answer changes to the metadata address after it was accepted', async () => {
    writeHosts(PRIVATE);
    await engine.configure({ hosts: [proxyTo('rebind.test:80')] });
    const first = await request(engine.port, '/', { headers: { host: hostFor('rebind.test:80') } });
    expect(first.body).toBe(`reached ${PRIVATE}`);
    writeHosts('169.254.169.254');
    const second = await request(engine.port, '/', { headers: { host: hostFor('rebind.test:80') } });
    expect(second.status).toBe(502);
    expect(await errorLogFor(String(second.headers['x-request-id']))).toMatch(/refused to connect: rebind\.test resolves to 169\.254\.169\.254/);
    expect(metadataHits()).toBe(0);
    writeHosts(PRIVATE);
  });

  it('refuses WebSocket upgrades to a metadata address', async () => {
    const ws = { policies: { websocket: { enabled: true }, timeouts: { connectMs: 2000 } } };
    await engine.configure({ hosts: ['[::ffff:a9fe:a9fe]:80', 'meta.test:80', 'metadata.goog:80'].map((a) => ({ serverNames: [hostFor(a)], locations: [{ path: '/', action: { kind: 'proxy', address: a }, ...ws }] })) });
    for (const address of ['[::ffff:a9fe:a9fe]:80', 'meta.test:80', 'metadata.goog:80']) {
      const res = await request(engine.port, '/socket', {
        headers: { host: hostFor(address), connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' },
      });
      expect({ address, status: res.status }).toEqual({ address, status: 502 });
    }
    expect(metadataHits()).toBe(0);
  });

  it('never sends an active health check to a metadata address, and says why the check failed', async () => {
    await engine.configure({
      hosts: [{ serverNames: ['hc.test'], locations: [{ path: '/', action: { kind: 'proxy', poolId: 'hc' } }] }],
      pools: [{ name: 'hc', servers: [{ address: 'meta.test:80' }, { address: '[::ffff:169.254.169.254]:80' }], healthCheck: { enabled: true, intervalMs: 100, path: '/health' } }],
    });
    const pool = await engine.db.pool.findFirstOrThrow({ where: { name: 'hc' } });
    const token = fs.readFileSync(path.join(engine.dataDir, 'engine.token'), 'utf8').trim();
    let errors: (string | null)[] = [];
    await waitFor('both servers to have been checked', async () => {
      const res = await fetch(`http://127.0.0.1:${engine.engine.ports.control}/pools/${pool.id}/health`, { headers: { authorization: `Bearer ${token}` } });
      const health = (await res.json()) as { servers: { lastCheck: { error: string | null } | null }[] };
      errors = health.servers.map((s) => s.lastCheck?.error ?? null);
      return errors.every((e) => e !== null);
    }, 10_000);
    expect(errors).toEqual([expect.stringContaining('refused to connect'), expect.stringContaining('refused to connect')]);
    expect(metadataHits()).toBe(0);
    await engine.configure({ hosts: [] });
  });

  it('refuses OCSP fetches to a metadata address, directly or by redirect', async () => {
    const { fetchOcsp } = await import('../../proxy-engine/tls/ocsp-stapler.ts');
    for (const url of ['http://169.254.169.254/ocsp', 'http://[::ffff:a9fe:a9fe]/ocsp', 'http://meta.test/ocsp', 'http://metadata.goog/ocsp', `http://${PRIVATE}/redirect`]) {
      const error = await fetchOcsp(url, Buffer.from('request')).then(() => null, (e: Error & { cause?: { code?: string } }) => e.cause?.code ?? e.message);
      expect({ url, error }).toEqual({ url, error: 'EREFUSEDADDRESS' });
    }
    expect(metadataHits()).toBe(0);
  });

  it('refuses ACME requests and preflight probes to a metadata address', async () => {
    const { configureAcmeTransport, withTransportCapture } = await import('../../core/acme/http-client.ts');
    const acme = await import('acme-client');
    configureAcmeTransport(null);
    for (const url of ['http://169.254.169.254/directory', 'http://[::ffff:a9fe:a9fe]/directory', 'http://meta.test/directory', 'http://metadata.google.internal/directory', `http://${PRIVATE}/redirect`]) {
      // The transport error as Portico's ACME code sees it (acme-client's own is mangled).
      const error = await withTransportCapture(async (capture) => {
        const ok = await acme.axios.get(url).then(() => true, () => false);
        return ok ? null : (capture().transport as { code?: string } | null)?.code;
      });
      expect({ url, error }).toEqual({ url, error: 'EREFUSEDADDRESS' });
    }
    expect((await acme.axios.get(`http://${PRIVATE}/directory`)).status).toBe(200);

    const { preflight } = await import('../../core/acme/preflight.ts');
    const { createEngineClient } = await import('../../core/contract/engine-client.ts');
    const failure = await preflight(engine.db, ['meta.test'], { validationPort: 80, dnsServers: [], engine: createEngineClient(engine.dataDir) }).then(() => null, (e: Error) => e.message);
    expect(failure).toMatch(/Portico does not connect there/);
    expect(metadataHits()).toBe(0);
  });

  it('reaches the fake service when the settings allow link-local upstreams (so the test can see a hit; last, it turns the guard off)', async () => {
    await engine.configure({ hosts: [proxyTo('meta.test:80')], settings: { allowLinkLocalUpstreams: true } });
    const res = await request(engine.port, '/', { headers: { host: hostFor('meta.test:80') } });
    expect(res.body).toBe('reached 169.254.169.254');
    expect(metadataHits()).toBe(1);
  });
});
