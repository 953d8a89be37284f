// HTTP Basic authentication with htpasswd-style hashes, alone and combined with address
// rules through `satisfy all` / `satisfy any` (nginx semantics).
import bcrypt from 'bcryptjs';
import { hash as argon2 } from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { request } from '../helpers/http-client.ts';

let engine: TestEngine;
let upstream: EchoUpstream;

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

beforeAll(async () => {
  upstream = await startEchoUpstream();
  engine = await startTestEngine();
  const users = [
    { username: 'alice', passwordHash: bcrypt.hashSync('wonderland', 8).replace(/^\$2b\$/, '$2y$') },
    { username: 'bob', passwordHash: await argon2('builder') },
  ];
  const proxy = (path: string, access: object) => ({ path, action: { kind: 'proxy', address: upstream.address }, policies: { access } });
  await engine.configure({
    hosts: [
      {
        serverNames: ['auth.test'],
        locations: [
          proxy('/private/', { basicAuth: { realm: 'Private', users } }),
          proxy('/all/', { rules: [{ action: 'allow', source: '127.0.0.1' }, { action: 'deny', source: 'all' }], basicAuth: { users }, satisfy: 'all' }),
          proxy('/any/', { rules: [{ action: 'allow', source: '127.0.0.1' }, { action: 'deny', source: 'all' }], basicAuth: { users }, satisfy: 'any' }),
        ],
      },
    ],
  });
});
afterAll(async () => {
  await engine?.stop();
  await upstream?.close();
});

const get = (path: string, headers: Record<string, string> = {}, localAddress?: string) => request(engine.port, path, { headers: { host: 'auth.test', ...headers }, localAddress });

describe('basic auth', () => {
  it('asks for credentials with the realm, and refuses wrong ones', async () => {
    const none = await get('/private/x');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Basic realm="Private"');
    expect((await get('/private/x', { authorization: basic('alice', 'nope') })).status).toBe(401);
    expect((await get('/private/x', { authorization: basic('mallory', 'wonderland') })).status).toBe(401);
  });

  it('accepts bcrypt ($2y$) and argon2 hashes', async () => {
    expect((await get('/private/x', { authorization: basic('alice', 'wonderland') })).status).toBe(200);
    expect((await get('/private/x', { authorization: basic('bob', 'builder') })).status).toBe(200);
  });

  it('satisfy all: the address and the password are both needed', async () => {
    expect((await get('/all/x', { authorization: basic('alice', 'wonderland') })).status).toBe(200);
    expect((await get('/all/x')).status).toBe(401);
    expect((await get('/all/x', { authorization: basic('alice', 'wonderland') }, '127.0.0.2')).status).toBe(403);
  });

  it('satisfy any: an allowed address or a password is enough', async () => {
    expect((await get('/any/x')).status).toBe(200);
    expect((await get('/any/x', {}, '127.0.0.2')).status).toBe(401);
    expect((await get('/any/x', { authorization: basic('bob', 'builder') }, '127.0.0.2')).status).toBe(200);
  });
});
