// The connect-time guard judges the address a connection goes to when it is made: a name
// whose DNS answer changes to a metadata address after it was accepted is refused on the
// next connection, before anything is sent. The resolver is the process's (dns.lookup),
// replaced here for the test; the network namespace test (test/security) uses a real one.
import dns from 'node:dns';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { REFUSED_CODE } from '../../core/net/guarded-connect.ts';
import { UpstreamClients, type ClientOptions } from './clients.ts';
import { RuntimeGeneration } from '../runtime/generation.ts';

let server: http.Server;
let port: number;
let connections = 0;
const clients = new UpstreamClients();
const plan = clients.plan();

beforeAll(async () => {
  // Connection: close, so every request needs a new connection (and a new lookup).
  server = http.createServer((_req, res) => res.writeHead(200, { connection: 'close' }).end('upstream'));
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  clients.commit(plan, new RuntimeGeneration());
  await clients.closeAll();
  await new Promise((resolve) => server.close(resolve));
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** DNS for the test: each lookup takes the next answer. */
function resolveInTurn(...answers: string[][]) {
  const real = dns.lookup;
  let call = 0;
  return vi.spyOn(dns, 'lookup').mockImplementation(((hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
    if (!hostname.endsWith('.test')) return (real as (...args: unknown[]) => void)(hostname, options, callback);
    const list = answers[Math.min(call++, answers.length - 1)]!.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    process.nextTick(() => (options.all ? callback(null, list) : callback(null, list[0]!.address, list[0]!.family)));
  }) as unknown as typeof dns.lookup);
}

function options(host: string, guard = true): ClientOptions {
  return { scheme: 'http', host, port, socketPath: '', connectTimeoutMs: 2000, idleTimeoutMs: 1000, maxRequests: 0, tlsVerify: true, tlsServerName: undefined, tlsCa: undefined, guard };
}

async function get(host: string, guard = true): Promise<{ status: number } | { code: string; message: string }> {
  try {
    const res = await plan.get(options(host, guard)).request({ method: 'GET', path: '/', headers: { host: 'x' } });
    await res.body.text();
    return { status: res.statusCode };
  } catch (error) {
    return { code: (error as { code: string }).code, message: (error as Error).message };
  }
}

describe('the upstream connector', () => {
  it('refuses a name once its DNS answer turns into a metadata address (DNS rebinding), without connecting', async () => {
    resolveInTurn(['127.0.0.1'], ['::ffff:169.254.169.254'], ['169.254.169.254']);
    const before = connections;
    expect(await get('rebind.test')).toEqual({ status: 200 });
    expect(await get('rebind.test')).toMatchObject({ code: REFUSED_CODE, message: expect.stringContaining('rebind.test resolves to ::ffff:169.254.169.254, the IPv4-mapped form of 169.254.169.254') });
    expect(await get('rebind.test')).toMatchObject({ code: REFUSED_CODE });
    expect(connections - before).toBe(1);
  });

  it('refuses a name when any of its answers is refused (happy eyeballs would try them all)', async () => {
    resolveInTurn(['127.0.0.1', 'fe80::1']);
    const before = connections;
    expect(await get('both.test')).toMatchObject({ code: REFUSED_CODE, message: expect.stringContaining('fe80::1') });
    expect(connections).toBe(before);
  });

  it.each(['::ffff:169.254.169.254', '169.254.169.254', 'fd00:ec2::254', '64:ff9b::a9fe:a9fe', 'metadata.goog', 'METADATA.GOOGLE.INTERNAL.'])('refuses %s as written, before any lookup', async (host) => {
    const lookup = resolveInTurn(['127.0.0.1']);
    expect(await get(host)).toMatchObject({ code: REFUSED_CODE });
    expect(lookup).not.toHaveBeenCalled();
  });

  it('leaves loopback and private answers alone, and connects anywhere with the guard off', async () => {
    resolveInTurn(['::ffff:127.0.0.1']);
    expect(await get('mapped-loopback.test')).toEqual({ status: 200 });
    expect(await get('127.0.0.1')).toEqual({ status: 200 });
    resolveInTurn(['127.0.0.1']);
    expect(await get('metadata.test', false)).toEqual({ status: 200 });
  });
});
