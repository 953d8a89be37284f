// Sign-in throttling against a running Portico: parallel guesses cannot overtake the lock,
// one address cannot lock the others out, X-Forwarded-For is believed only from a
// configured proxy, and only addresses reach the audit log. Other loopback addresses
// (127.x.y.z) stand for other clients.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/data-dir.ts';
import { request } from '../helpers/http-client.ts';
import { ADMIN, startPortico, type ApiClient, type Portico } from '../helpers/portico.ts';

async function startWithAdmin(env: Record<string, string>): Promise<{ portico: Portico; admin: ApiClient }> {
  const portico = await startPortico(env);
  // The administrator signs in from an address of its own, outside every test's allowance.
  const res = await request(portico.ports.dashboard, '/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN), localAddress: '127.0.9.9' });
  expect(res.status).toBe(200);
  const cookie = [res.headers['set-cookie'] ?? []].flat().map((c) => c.split(';')[0]).join('; ');
  return {
    portico,
    admin: {
      cookie,
      async call(method, pathname, body) {
        const r = await fetch(`${portico.dashboard}${pathname}`, { method, headers: { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
        const text = await r.text();
        return { status: r.status, json: text ? JSON.parse(text) : null };
      },
    },
  };
}

let portico: Portico;
let admin: ApiClient;

async function createUser(email: string): Promise<string> {
  const res = await admin.call('POST', '/api/v1/users', { email, role: 'VIEWER', password: `${email}-password` });
  expect(res.status).toBe(201);
  return res.json.user.id as string;
}

function signInFrom(localAddress: string, email: string, password: string, forwardedFor?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (forwardedFor !== undefined) headers['x-forwarded-for'] = forwardedFor;
  return request(portico.ports.dashboard, '/api/v1/session', { method: 'POST', headers, body: JSON.stringify({ email, password }), localAddress, timeoutMs: 60_000 });
}

async function failedSignIns(userId: string): Promise<{ ip: string | null }[]> {
  const res = await admin.call('GET', `/api/v1/audit?objectType=user&objectId=${userId}&action=session.failed&limit=200`);
  expect(res.status).toBe(200);
  return res.json.events;
}

/** A host on Portico's own proxy in front of the dashboard, as the attacker used. */
async function proxyTheDashboard(serverName: string, appendClientAddress: boolean): Promise<void> {
  const policies = appendClientAddress ? { proxyHeaders: [{ name: 'X-Forwarded-For', value: '$proxy_add_x_forwarded_for' }] } : {};
  const res = await admin.call('POST', '/api/v1/hosts', { serverNames: [serverName], locations: [{ path: '/', action: { kind: 'proxy', address: `127.0.0.1:${portico.ports.dashboard}` }, policies }] });
  expect(res.status).toBe(201);
}

function signInThroughProxy(serverName: string, localAddress: string, email: string, forwardedFor: string) {
  const headers = { host: serverName, 'content-type': 'application/json', 'x-forwarded-for': forwardedFor };
  return request(portico.ports.http, '/api/v1/session', { method: 'POST', headers, body: JSON.stringify({ email, password: 'wrong' }), localAddress, timeoutMs: 60_000 });
}

const statuses = (list: { status: number }[]) => list.reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});

describe('sign-in throttling (no trusted proxies: the default)', () => {
  beforeAll(async () => {
    ({ portico, admin } = await startWithAdmin({}));
  }, 180_000);
  afterAll(async () => {
    await portico?.stop();
  });

  it('evaluates at most 5 of 150 parallel wrong guesses from one address, then refuses the right password there', async () => {
    const email = 'one-address@example.com';
    const id = await createUser(email);
    const guesses = await Promise.all(Array.from({ length: 150 }, (_, i) => signInFrom('127.0.0.2', email, `wrong-guess-${i}`)));
    const counts = statuses(guesses);
    console.log(`150 parallel guesses from one address: ${JSON.stringify(counts)}`);
    expect(Object.keys(counts).sort()).toEqual(['401', '429']);
    expect(counts[401]).toBeLessThanOrEqual(5);
    expect((await failedSignIns(id)).length).toBe(counts[401]);
    expect((await signInFrom('127.0.0.2', email, `${email}-password`)).status).toBe(429);
    // The attacker's address is locked out of the account; its owner elsewhere is not.
    expect((await signInFrom('127.0.0.3', email, `${email}-password`)).status).toBe(200);
  }, 120_000);

  it('evaluates at most 20 of 150 parallel wrong guesses from 150 addresses, then locks the account', async () => {
    const email = 'many-addresses@example.com';
    const id = await createUser(email);
    const guesses = await Promise.all(Array.from({ length: 150 }, (_, i) => signInFrom(`127.1.${Math.floor(i / 200)}.${(i % 200) + 1}`, email, `wrong-guess-${i}`)));
    const counts = statuses(guesses);
    console.log(`150 parallel guesses from 150 addresses: ${JSON.stringify(counts)}`);
    expect(Object.keys(counts).sort()).toEqual(['401', '429']);
    expect(counts[401]).toBeLessThanOrEqual(20);
    expect((await failedSignIns(id)).length).toBe(counts[401]);
    // Locked for everyone now, the right password included.
    const right = await signInFrom('127.2.0.1', email, `${email}-password`);
    expect(right.status).toBe(429);
    expect(right.headers['retry-after']).toMatch(/^\d+$/);
  }, 120_000);

  it('a wrong password right after the lock, from another address, is refused unevaluated', async () => {
    const email = 'sequential@example.com';
    const id = await createUser(email);
    // Four addresses spend their 5 free failures each: the 20th locks the account.
    for (let address = 1; address <= 4; address++) {
      for (let i = 0; i < 5; i++) expect((await signInFrom(`127.3.0.${address}`, email, 'wrong')).status).toBe(401);
    }
    expect((await signInFrom('127.3.0.9', email, 'wrong')).status).toBe(429);
    expect((await failedSignIns(id)).length).toBe(20);
  }, 120_000);

  it('one address alone never locks the account, however long it keeps guessing', async () => {
    const email = 'patient@example.com';
    await createUser(email);
    const answers = [];
    for (let i = 0; i < 9; i++) answers.push((await signInFrom('127.4.0.1', email, 'wrong')).status);
    expect(answers).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429]);
    expect((await signInFrom('127.4.0.2', email, `${email}-password`)).status).toBe(200);
  }, 60_000);

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy, 127.0.0.1 included', async () => {
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push((await signInFrom('127.0.0.1', 'nobody@example.com', 'wrong', `198.51.100.${i + 1}`)).status);
    expect(answers.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(answers.slice(10)).toEqual([429, 429]);
  }, 60_000);

  it('through a Portico host, a rotating X-Forwarded-For does not evade the limit', async () => {
    await proxyTheDashboard('dash.test', false);
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push((await signInThroughProxy('dash.test', '127.0.0.8', 'nobody@example.com', `198.51.100.${i + 1}`)).status);
    // Every client of the proxy is the proxy's address here (nothing is trusted).
    expect(answers.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    expect(answers.slice(10)).toEqual([429, 429]);
  }, 60_000);

  it('records the peer in the audit log, never the header', async () => {
    const email = 'untrusted-header@example.com';
    const id = await createUser(email);
    expect((await signInFrom('127.0.0.6', email, 'wrong', '<img src=x onerror=alert(1)>')).status).toBe(401);
    expect((await failedSignIns(id)).map((e) => e.ip)).toEqual(['127.0.0.6']);
  });

  it('still lets the administrator in', async () => {
    expect((await signInFrom('127.0.0.7', ADMIN.email, ADMIN.password)).status).toBe(200);
  });
});

const PROXY = '127.0.0.1';

describe('sign-in throttling behind a trusted proxy', () => {
  beforeAll(async () => {
    ({ portico, admin } = await startWithAdmin({ PORTICO_TRUSTED_PROXIES: `${PROXY}, 10.9.0.0/16` }));
  }, 180_000);
  afterAll(async () => {
    await portico?.stop();
  });

  it('through a Portico host that appends the client address, each client has its own allowance', async () => {
    await proxyTheDashboard('dash-trusted.test', true);
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push((await signInThroughProxy('dash-trusted.test', '127.0.0.8', 'nobody@example.com', `198.51.100.${i + 1}`)).status);
    expect(answers).toEqual([...Array(10).fill(401), 429, 429]);
    // Another client of the same proxy is not held back by the first one's failures.
    expect((await signInThroughProxy('dash-trusted.test', '127.0.0.10', 'nobody@example.com', '198.51.100.1')).status).toBe(401);
    const email = 'through-proxy@example.com';
    const id = await createUser(email);
    expect((await signInThroughProxy('dash-trusted.test', '127.0.0.11', email, '<img src=x onerror=alert(1)>, 6.6.6.6')).status).toBe(401);
    expect((await failedSignIns(id)).map((e) => e.ip)).toEqual(['127.0.0.11']);
  }, 60_000);

  it('gives each client behind a trusted proxy its own allowance', async () => {
    const answers = [];
    for (let i = 0; i < 11; i++) answers.push((await signInFrom(PROXY, 'nobody@example.com', 'wrong', '203.0.113.50')).status);
    expect(answers.at(-1)).toBe(429);
    expect((await signInFrom(PROXY, 'nobody@example.com', 'wrong', '203.0.113.51')).status).toBe(401);
    // What a client writes left of the address the proxy appended is ignored.
    expect((await signInFrom(PROXY, 'nobody@example.com', 'wrong', '203.0.113.51, 203.0.113.50')).status).toBe(429);
  }, 60_000);

  const recorded: { desc: string; forwardedFor: string; expected: string }[] = [
    { desc: 'the address the proxy names', forwardedFor: '198.51.100.20', expected: '198.51.100.20' },
    { desc: 'past trusted hops, from the right', forwardedFor: '192.0.2.1, 198.51.100.21, 10.9.3.4', expected: '198.51.100.21' },
    { desc: 'an IPv4-mapped spelling as its IPv4 address', forwardedFor: '::ffff:198.51.100.22', expected: '198.51.100.22' },
    { desc: 'a compressed IPv6 spelling, canonical', forwardedFor: '2001:DB8:0:0:0:0:0:7', expected: '2001:db8::7' },
    { desc: 'markup: the proxy itself, never the text', forwardedFor: '<img src=x onerror=alert(1)>', expected: PROXY },
    { desc: 'markup behind a trusted hop: that hop', forwardedFor: '198.51.100.23, "><script>alert(1)</script>, 10.9.0.1', expected: '10.9.0.1' },
    { desc: 'a hostname: the proxy itself', forwardedFor: 'attacker.example', expected: PROXY },
  ];
  it.each(recorded)('records $desc in the audit log', async ({ forwardedFor, expected }) => {
    const email = `audit-${Math.random().toString(36).slice(2)}@example.com`;
    const id = await createUser(email);
    expect((await signInFrom(PROXY, email, 'wrong', forwardedFor)).status).toBe(401);
    const events = await failedSignIns(id);
    expect(events.map((e) => e.ip)).toEqual([expected]);
  });
});

describe('PORTICO_TRUSTED_PROXIES', () => {
  it('stops Portico with a message naming a bad value, before touching the data directory', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-env-'));
    try {
      const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/start.ts')], {
        env: { ...process.env, PORTICO_DATA_DIR: dataDir, PORTICO_TRUSTED_PROXIES: '10.0.0.0/8, proxy.example.com, ::1/129' },
        encoding: 'utf8',
      });
      expect(run.status).toBe(1);
      // The supervisor logs JSON lines (or pretty text at a terminal): read the messages.
      const said = `${run.stdout}\n${run.stderr}`
        .split('\n')
        .map((line) => {
          try {
            return String((JSON.parse(line) as { msg?: unknown }).msg ?? line);
          } catch {
            return line;
          }
        })
        .join('\n');
      expect(said).toContain('PORTICO_TRUSTED_PROXIES: "proxy.example.com" is not an IP address or CIDR');
      expect(said).toContain('"::1/129"');
      expect(fs.readdirSync(dataDir)).toEqual([]);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
