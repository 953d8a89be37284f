// Runs the same upstream scenarios through Debian's nginx 1.22 and through the balancer
// and compares which servers were tried, in order ($upstream_addr). Skipped when nginx is
// not installed. Real upstreams listen on ephemeral 127.0.0.1 ports; every handle closes.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PoolInput } from '../../core/config/pool.ts';
import { compilePool, type PoolRuntime } from './pool-runtime.ts';
import { context, newRegistry, poolConfig } from '../../test/helpers/balancer-support.ts';
import { isPickError, type SelectionContext } from './types.ts';
import { NGINX_BINARY } from '../../test/helpers/nginx-binary.ts';

const NGINX = NGINX_BINARY;

describe.skipIf(!existsSync(NGINX))('parity with nginx 1.22', () => {
  const upstreams: Server[] = [];
  const held: Array<() => void> = []; // responses to /…/hold/ requests, kept open until a test ends them
  const live: string[] = []; // twenty-four answering servers
  let dead: string[] = []; // two closed ports: connection refused
  let nginx: ChildProcess | null = null;
  let nginxPort = 0;
  let prefix = '';

  const pools: Record<string, () => PoolInput> = {
    rr531: () => ({ name: 'rr531', servers: [{ address: live[0]!, weight: 5 }, { address: live[1]!, weight: 3 }, { address: live[2]!, weight: 1 }] }),
    rr211: () => ({ name: 'rr211', servers: [{ address: live[0]!, weight: 2 }, { address: live[1]! }, { address: live[2]! }] }),
    lc: () => ({ name: 'lc', algorithm: 'LEAST_CONN', servers: [{ address: live[0]!, weight: 3 }, { address: live[1]! }, { address: live[2]!, weight: 2 }] }),
    iph: () => ({ name: 'iph', algorithm: 'IP_HASH', servers: [{ address: live[0]! }, { address: live[1]!, weight: 2 }, { address: live[2]! }, { address: dead[0]! }] }),
    hash: () => ({
      name: 'hash',
      algorithm: 'HASH',
      balance: { hashKey: { source: 'uri' }, consistent: false },
      servers: [{ address: live[0]! }, { address: live[1]! }, { address: live[2]!, weight: 2 }, { address: dead[0]! }],
    }),
    chash: () => ({
      name: 'chash',
      algorithm: 'HASH',
      balance: { hashKey: { source: 'uri' }, consistent: true },
      servers: [...live.slice(0, 6).map((address) => ({ address })), { address: dead[0]! }],
    }),
    // Twenty servers: large enough for round robin's steady mode (policies/steady-round-robin.ts).
    big: () => ({ name: 'big', servers: live.slice(4, 24).map((address, i) => ({ address, weight: 1 + (i % 3) })) }),
    bigfail: () => ({
      name: 'bigfail',
      servers: [...live.slice(4, 14).map((address, i) => ({ address, weight: 1 + (i % 3) })), { address: dead[1]!, weight: 2 }, ...live.slice(14, 22).map((address) => ({ address }))],
    }),
    failover: () => ({ name: 'failover', servers: [{ address: live[0]! }, { address: dead[0]! }, { address: live[1]! }] }),
    backup: () => ({ name: 'backup', servers: [{ address: dead[0]! }, { address: dead[1]! }, { address: live[3]!, backup: true }] }),
  };

  beforeAll(async () => {
    for (let i = 0; i < 24; i++) {
      const server = createServer((req, res) => {
        if (req.url?.includes('/hold/')) held.push(() => res.end('ok'));
        else res.end('ok');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      upstreams.push(server);
      live.push(`127.0.0.1:${(server.address() as AddressInfo).port}`);
    }
    dead = [`127.0.0.1:${await freePort()}`, `127.0.0.1:${await freePort()}`];
    nginxPort = await freePort();
    prefix = mkdtempSync(join(tmpdir(), 'portico-nginx-'));
    mkdirSync(join(prefix, 'logs'));
    writeFileSync(join(prefix, 'nginx.conf'), nginxConf());
    nginx = spawn(NGINX, ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', join(prefix, 'logs/error.log')], { stdio: 'ignore' });
    await waitForPort(nginxPort);
  });

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx!.once('exit', resolve));
      nginx.kill('SIGTERM');
      await exited;
    }
    await Promise.all(upstreams.map((s) => new Promise((resolve) => s.close(resolve))));
    if (prefix) rmSync(prefix, { recursive: true, force: true });
  });

  function nginxConf(): string {
    const upstreamBlock = (name: string, directive: string, input: PoolInput) =>
      `upstream ${name} { ${directive} ${input.servers
        .map((s) => `server ${s.address}${s.weight ? ` weight=${s.weight}` : ''}${s.backup ? ' backup' : ''};`)
        .join(' ')} }`;
    const directives: Record<string, string> = { lc: 'least_conn;', iph: 'ip_hash;', hash: 'hash $request_uri;', chash: 'hash $request_uri consistent;' };
    const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${join(prefix, `${t}_temp`)};`).join('\n');
    return `daemon off; master_process off; worker_processes 1; pid ${join(prefix, 'nginx.pid')};
events { worker_connections 256; }
http {
  access_log off; ${temp}
  ${Object.entries(pools).map(([name, input]) => upstreamBlock(name, directives[name] ?? '', input())).join('\n  ')}
  server {
    listen 127.0.0.1:${nginxPort};
    add_header X-Upstream $upstream_addr always;
    ${Object.keys(pools).map((name) => `location /${name}/ { proxy_pass http://${name}; }`).join('\n    ')}
  }
}
`;
  }

  /** The servers nginx tried for one request, in order. */
  async function viaNginx(path: string, localAddress = '127.0.0.1'): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: nginxPort, path, localAddress, agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(String(res.headers['x-upstream'] ?? '').split(', ')));
      });
      req.on('error', reject);
      req.end();
    });
  }

  /** The same request through the balancer: attempts fail exactly when the server is dead. */
  function viaPortico(runtime: PoolRuntime, ctx: SelectionContext): string[] {
    const tried = new Set<string>();
    for (;;) {
      const peer = runtime.pick(ctx, tried);
      if (isPickError(peer)) return [...tried, 'no live upstreams'];
      tried.add(peer.address);
      const failed = dead.includes(peer.address);
      peer.release(failed ? 'failure' : 'success');
      if (!failed || tried.size >= runtime.tries) return [...tried];
    }
  }

  const cases: Array<{ desc: string; pool: string; requests: () => Array<{ path: string; ip?: string }> }> = [
    { desc: 'smooth round robin 5:3:1', pool: 'rr531', requests: () => repeat(18, () => ({ path: '/rr531/' })) },
    { desc: 'smooth round robin 2:1:1', pool: 'rr211', requests: () => repeat(12, () => ({ path: '/rr211/' })) },
    { desc: 'least_conn without concurrency (weighted round robin among ties)', pool: 'lc', requests: () => repeat(12, () => ({ path: '/lc/' })) },
    { desc: 'ip_hash over 40 client /24s, one dead server', pool: 'iph', requests: () => repeat(40, (i) => ({ path: '/iph/', ip: `127.0.${i}.1` })) },
    { desc: 'hash $request_uri, one dead server', pool: 'hash', requests: () => repeat(60, (i) => ({ path: `/hash/item/${i}?q=${i * 7}` })) },
    { desc: 'hash $request_uri consistent, one dead server', pool: 'chash', requests: () => repeat(60, (i) => ({ path: `/chash/item/${i}` })) },
    { desc: 'round robin over 20 servers (steady mode), 3 weight classes', pool: 'big', requests: () => repeat(90, () => ({ path: '/big/' })) },
    { desc: 'round robin over 19 servers and a dead one: steady mode left exactly on the failure', pool: 'bigfail', requests: () => repeat(60, () => ({ path: '/bigfail/' })) },
    { desc: 'failover to the next server and max_fails=1', pool: 'failover', requests: () => repeat(9, () => ({ path: '/failover/' })) },
    { desc: 'backup only after every primary failed', pool: 'backup', requests: () => repeat(4, () => ({ path: '/backup/' })) },
  ];

  it.each(cases)('$desc', async ({ pool, requests }) => {
    const runtime = compilePool(poolConfig(pools[pool]!()), newRegistry());
    const seenByNginx: string[][] = [];
    const seenByPortico: string[][] = [];
    for (const { path, ip } of requests()) {
      seenByNginx.push(await viaNginx(path, ip));
      seenByPortico.push(viaPortico(runtime, context({ uri: path, clientIp: ip ?? '127.0.0.1' })));
    }
    expect(seenByPortico).toEqual(seenByNginx);
  });

  it('least_conn counts requests in flight (two held open, then twelve)', async () => {
    const runtime = compilePool(poolConfig(pools.lc!()), newRegistry());
    // One at a time, so nginx picks for them in a known order. Earlier cases left this
    // upstream's round-robin state where it started: they ran whole periods (sum of weights).
    const heldByNginx: Array<Promise<string[]>> = [];
    for (const n of [1, 2]) {
      heldByNginx.push(viaNginx(`/lc/hold/${n}`));
      for (let i = 0; i < 200 && held.length < n; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const heldByPortico = [runtime.pick(context()), runtime.pick(context())];
    const seenByNginx: string[][] = [];
    for (let i = 0; i < 12; i++) seenByNginx.push(await viaNginx('/lc/'));
    const seenByPortico = repeat(12, () => viaPortico(runtime, context()));
    for (const end of held.splice(0)) end();
    expect(seenByPortico).toEqual(seenByNginx);
    expect(heldByPortico.map((p) => (isPickError(p) ? p.error : p.address))).toEqual((await Promise.all(heldByNginx)).flat());
  });
});

function repeat<T>(count: number, make: (i: number) => T): T[] {
  return Array.from({ length: count }, (_, i) => make(i));
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
        res.resume();
        resolve(true);
      });
      req.on('error', () => resolve(false));
      req.end();
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nginx did not listen on ${port}`);
}
