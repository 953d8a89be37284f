// A configuration of thousands of hosts loads and routes (SQLite refuses statements with
// more than 999 parameters, so reading it must not bind one per host).
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { request } from '../helpers/http-client.ts';

const HOSTS = 3000;
let engine: TestEngine;
let upstream: EchoUpstream;

beforeAll(async () => {
  upstream = await startEchoUpstream();
  engine = await startTestEngine();
  // Rows written directly, in one transaction, for speed (the shape the API writes).
  const db = new Database(path.join(engine.dataDir, 'portico.db'));
  const now = Date.now();
  const host = db.prepare("INSERT INTO Host (id, enabled, defaultServer, entrypoints, tls, policies, errorPages, createdAt, updatedAt) VALUES (?, 1, 0, '[\"http\"]', '{}', '{}', '{}', ?, ?)");
  const name = db.prepare('INSERT INTO HostName (id, hostId, name, position) VALUES (?, ?, ?, 0)');
  const location = db.prepare("INSERT INTO Location (id, hostId, position, matchKind, path, enabled, action, policies, createdAt, updatedAt) VALUES (?, ?, 0, 'PREFIX', '/', 1, ?, '{}', ?, ?)");
  db.transaction(() => {
    for (let i = 0; i < HOSTS; i++) {
      host.run(`h${i}`, now + i, now + i);
      name.run(`n${i}`, `h${i}`, `site${i}.test`);
      location.run(`l${i}`, `h${i}`, JSON.stringify({ kind: 'proxy', address: upstream.address }), now, now);
    }
    db.prepare('INSERT INTO ConfigState (id, revision, updatedAt) VALUES (1, 1, ?) ON CONFLICT(id) DO UPDATE SET revision = revision + 1').run(now);
  })();
  db.close();
  await engine.engine.applier.check();
}, 120_000);
afterAll(async () => {
  await engine?.stop();
  await upstream?.close();
});

describe('many hosts', () => {
  it(`loads and routes ${HOSTS} hosts`, async () => {
    const status = engine.engine.applier.status();
    expect(status.databaseError).toBeNull();
    expect(engine.engine.applier.current().hostCount).toBe(HOSTS);
    for (const i of [0, 999, 1500, HOSTS - 1]) {
      const res = await request(engine.port, '/x', { headers: { host: `site${i}.test` } });
      expect(res.status).toBe(200);
    }
  });
});
