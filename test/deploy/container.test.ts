// The container image, for real: built from this checkout (on the local stand-in for
// node:24-bookworm-slim), run with published loopback ports and a volume as the README
// says, set up with the one-time token from its log, configured through the API to proxy to
// an upstream on the host, restarted with its state intact, and never running as root.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/data-dir.ts';
import { signIn, type ApiClient } from '../helpers/portico.ts';
import { freePort, waitFor } from '../helpers/ports.ts';
import { BASE_IMAGE, ensureBaseImage, podman, podmanOk, podmanUnavailable } from './podman.ts';

const unavailable = podmanUnavailable();
if (unavailable) console.warn(`[container test] skipped: ${unavailable}`);

const IMAGE = 'localhost/portico:test';
const suffix = `${process.pid}-${Date.now().toString(36)}`;
const CONTAINER = `portico-test-${suffix}`;
const VOLUME = `portico-test-data-${suffix}`;
const OWNER = { email: 'owner@example.com', password: 'container-owner-password' };
const timings: Record<string, number> = {};
let dashboard: string;
let httpPort: number;
let upstream: http.Server;

/** The container's log so far (stdout and stderr). */
const containerLogs = async () => (await podman(['logs', CONTAINER])).output;

async function waitReady(what: string): Promise<number> {
  const started = performance.now();
  await waitFor(what, async () => (await fetch(`${dashboard}/readyz`)).status === 200, 120_000, 250).catch(async (error: Error) => {
    throw new Error(`${error.message}\n--- container log ---\n${(await containerLogs()).slice(-6000)}`);
  });
  return (performance.now() - started) / 1000;
}

function throughContainer(host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: httpPort, path: '/hello', headers: { host } }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      })
      .on('error', reject);
  });
}

describe.skipIf(unavailable !== null)('the container image', () => {
  beforeAll(async () => {
    timings.baseImage = await ensureBaseImage();
    const secret = process.env.NODE_EXTRA_CA_CERTS && fs.existsSync(process.env.NODE_EXTRA_CA_CERTS) ? ['--secret', `id=npm-ca,src=${process.env.NODE_EXTRA_CA_CERTS}`] : [];
    // One build for every case; podman's layer cache makes a rebuild of unchanged sources quick.
    const imageId = async () => (await podman(['image', 'inspect', IMAGE, '--format', '{{.Id}}'])).output.trim();
    const previous = await imageId();
    timings.build = (await podmanOk(['build', '--format', 'docker', '--build-arg', `BASE_IMAGE=${BASE_IMAGE}`, ...secret, '-t', IMAGE, REPO_ROOT], 1_800_000)).seconds;
    // The image an earlier run built from other sources is of no more use: 1.3 GB a run otherwise.
    if (/^[0-9a-f]{64}$/.test(previous) && previous !== (await imageId())) await podman(['rmi', previous]);
    // The upstream on the host, reached from inside the container as host.containers.internal.
    upstream = http.createServer((req, res) => res.end(`from the host upstream: ${req.url}`));
    await new Promise<void>((resolve) => upstream.listen(0, '0.0.0.0', resolve));
    const ports = { dashboard: await freePort(), http: await freePort() };
    dashboard = `http://127.0.0.1:${ports.dashboard}`;
    httpPort = ports.http;
    const started = performance.now();
    await podmanOk(['run', '-d', '--name', CONTAINER, '-p', `127.0.0.1:${ports.dashboard}:3000`, '-p', `127.0.0.1:${ports.http}:8080`, '-v', `${VOLUME}:/data`, IMAGE]);
    await waitReady('the container to get ready');
    timings.firstStart = (performance.now() - started) / 1000;
  }, 1_900_000);

  afterAll(async () => {
    await podman(['rm', '-f', '-t', '2', CONTAINER]);
    await podman(['volume', 'rm', '-f', VOLUME]);
    upstream?.close();
    const size = (await podman(['image', 'inspect', IMAGE, '--format', '{{.Size}}'])).output.trim();
    console.log(`[container test] ${Object.entries(timings).map(([step, s]) => `${step} ${s.toFixed(1)} s`).join(', ')}; image ${(Number(size) / 1e6).toFixed(0)} MB`);
  });

  let api: ApiClient;

  it('is set up with the one-time token from its log, then signs in', async () => {
    const token = await waitFor('the setup token in the log', async () => /one-time token: ([\w-]+)/.exec(await containerLogs())?.[1], 20_000, 500);
    const setup = await fetch(`${dashboard}/api/v1/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, ...OWNER }) });
    expect(setup.status).toBe(201);
    api = await signIn(dashboard, OWNER);
  });

  it('proxies to an upstream on the host through a host created through the API', async () => {
    const port = (upstream.address() as AddressInfo).port;
    const created = await api.call('POST', '/api/v1/hosts', { serverNames: ['app.container.test'], locations: [{ path: '/', action: { kind: 'proxy', address: `host.containers.internal:${port}` } }] });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(created.json.apply.applied).toBe(true);
    expect(await throughContainer('app.container.test')).toEqual({ status: 200, body: 'from the host upstream: /hello' });
  });

  it('runs every process as a non-root user, and reports healthy', async () => {
    // Every process in the container (the supervisor, engine, dashboard, controller): its real and effective uid.
    const uids = await podmanOk(['exec', CONTAINER, 'sh', '-c', 'for s in /proc/[0-9]*/status; do awk \'/^Uid:/ { print $2, $3 }\' "$s"; done']);
    const pairs = uids.output.trim().split('\n').filter(Boolean);
    expect(pairs.length).toBeGreaterThanOrEqual(4);
    expect(pairs.filter((pair) => pair.split(' ').includes('0'))).toEqual([]);
    expect((await podmanOk(['exec', CONTAINER, 'id', '-un'])).output.trim()).toBe('node');
    // The image keeps its HEALTHCHECK (built with --format docker), and it passes.
    expect((await podmanOk(['image', 'inspect', IMAGE, '--format', '{{json .Config.Healthcheck.Test}}'])).output).toContain('scripts/healthcheck.ts');
    const health = await podman(['healthcheck', 'run', CONTAINER]);
    expect(health.code, health.output).toBe(0);
  });

  it('keeps its hosts in the volume across a restart', async () => {
    const stopped = await podmanOk(['restart', '-t', '20', CONTAINER]);
    timings.restart = stopped.seconds + (await waitReady('the restarted container to get ready'));
    // A graceful stop: the supervisor saw SIGTERM and stopped its children.
    expect(await containerLogs()).toContain('SIGTERM: stopping');
    const again = await signIn(dashboard, OWNER);
    const hosts = await again.call('GET', '/api/v1/hosts');
    expect(JSON.stringify(hosts.json)).toContain('app.container.test');
    expect(await throughContainer('app.container.test')).toEqual({ status: 200, body: 'from the host upstream: /hello' });
  }, 180_000);
});
