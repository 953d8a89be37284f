// Named access lists in the engine, through real requests: the lists come with the loaded
// configuration (from the database), their rules go before a location's inline ones, their
// users are checked against the stored hash, their satisfy applies, a host-level list is
// inherited by its locations, and the tracer names the list and whether it decided.
import fs from 'node:fs';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { request } from '../helpers/http-client.ts';

let engine: TestEngine;
let upstream: EchoUpstream;

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const hash = bcrypt.hashSync('open-sesame', 8);

const office = { id: 'list-office', name: 'office', rules: [{ action: 'allow' as const, source: '127.0.0.2' }, { action: 'deny' as const, source: '127.0.0.0/29' }], realm: 'Office', users: [{ username: 'ann', passwordHash: hash }], satisfy: 'any' as const };
const blocklist = { id: 'list-block', name: 'blocklist', rules: [{ action: 'deny' as const, source: '127.0.0.3' }], realm: 'Restricted', users: [], satisfy: 'all' as const };

function hosts(upstreamAddress: string) {
  const proxy = (p: string, access?: object) => ({ path: p, action: { kind: 'proxy', address: upstreamAddress }, ...(access ? { policies: { access } } : {}) });
  return [
    {
      serverNames: ['lists.test'],
      // Inherited by / and /inline/ has its own policy (which replaces the host's, as nginx's allow/deny do).
      policies: { access: { listId: blocklist.id } },
      locations: [proxy('/'), proxy('/office/', { listId: office.id }), proxy('/inline/', { listId: blocklist.id, rules: [{ action: 'allow', source: '127.0.0.3' }, { action: 'deny', source: '127.0.0.4' }] })],
    },
  ];
}

beforeAll(async () => {
  upstream = await startEchoUpstream();
  engine = await startTestEngine();
  await engine.configure({ hosts: hosts(upstream.address), accessLists: [office, blocklist] });
});
afterAll(async () => {
  await engine?.stop();
  await upstream?.close();
});

const get = (p: string, from: string, headers: Record<string, string> = {}) => request(engine.port, p, { headers: { host: 'lists.test', ...headers }, localAddress: from });

async function trace(url: string, clientIp: string) {
  const token = fs.readFileSync(path.join(engine.dataDir, 'engine.token'), 'utf8').trim();
  const res = await fetch(`http://127.0.0.1:${engine.engine.ports.control}/trace`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ url, clientIp }) });
  return (await res.json()) as { policies: { access: { decision: string; list: { name: string; decidedBy: string } | null } | null } };
}

describe('access lists in the engine', () => {
  it('a host-level list applies to the locations without their own policy', async () => {
    expect((await get('/x', '127.0.0.3')).status).toBe(403);
    expect((await get('/x', '127.0.0.4')).status).toBe(200);
  });

  it("the list's rules come first: where both match, the list decides", async () => {
    // The list denies .3 before the inline allow of .3; the inline deny of .4 still applies.
    expect((await get('/inline/x', '127.0.0.3')).status).toBe(403);
    expect((await get('/inline/x', '127.0.0.4')).status).toBe(403);
    expect((await get('/inline/x', '127.0.0.5')).status).toBe(200);
  });

  it("satisfy any from the list: an allowed address or the list's user", async () => {
    expect((await get('/office/x', '127.0.0.2')).status).toBe(200);
    const challenged = await get('/office/x', '127.0.0.4');
    expect(challenged.status).toBe(401);
    expect(challenged.headers['www-authenticate']).toBe('Basic realm="Office"');
    expect((await get('/office/x', '127.0.0.4', { authorization: basic('ann', 'wrong') })).status).toBe(401);
    expect((await get('/office/x', '127.0.0.4', { authorization: basic('ann', 'open-sesame') })).status).toBe(200);
    // Outside the list's deny range and without a matching rule: allowed by address.
    expect((await get('/office/x', '127.0.0.9')).status).toBe(200);
  });

  it('the tracer names the list and whether its rules or the inline ones decided', async () => {
    const byList = await trace('http://lists.test/inline/x', '127.0.0.3');
    expect(byList.policies.access).toMatchObject({ decision: 'deny', list: { name: 'blocklist', decidedBy: 'list' } });
    const byInline = await trace('http://lists.test/inline/x', '127.0.0.4');
    expect(byInline.policies.access).toMatchObject({ decision: 'deny', list: { name: 'blocklist', decidedBy: 'inline' } });
    const none = await trace('http://lists.test/inline/x', '127.0.0.5');
    expect(none.policies.access).toMatchObject({ decision: 'none', list: { name: 'blocklist', decidedBy: 'none' } });
  });

  it('an edited list changes every location using it at the next apply', async () => {
    await engine.configure({ hosts: hosts(upstream.address), accessLists: [office, { ...blocklist, rules: [{ action: 'deny', source: '127.0.0.5' }] }] });
    expect((await get('/x', '127.0.0.3')).status).toBe(200);
    expect((await get('/x', '127.0.0.5')).status).toBe(403);
    expect((await get('/inline/x', '127.0.0.3')).status).toBe(200);
    expect((await get('/inline/x', '127.0.0.5')).status).toBe(403);
  });

  it('a location naming a list that is not there is left out with an error, as a location naming a missing pool is', async () => {
    await engine.configure({ hosts: hosts(upstream.address), accessLists: [blocklist] });
    // Without /office/ the request is the host's "/" location's, under the host's list.
    expect((await get('/office/x', '127.0.0.3')).status).toBe(403);
    const token = fs.readFileSync(path.join(engine.dataDir, 'engine.token'), 'utf8').trim();
    const status = (await (await fetch(`http://127.0.0.1:${engine.engine.ports.control}/status`, { headers: { authorization: `Bearer ${token}` } })).json()) as { errors: unknown[] };
    expect(status.errors).toContainEqual(expect.objectContaining({ objectType: 'location', path: 'locations.1.policies.access.listId' }));
  });
});
